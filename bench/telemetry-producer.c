/*
 * The telemetry bench's stand-in for Tesla's fleet-telemetry server, which produces with librdkafka
 * (confluent-kafka-go). Compiled once by bench/telemetry-ingest.ts (gcc ... -lrdkafka).
 *
 * Usage: telemetry-producer <bootstrap servers> <topic> <records/s> <seconds> <records file> <linger ms>
 *
 * The records file (written by the bench beforehand) is a sequence of
 *   u32 LE key length, key (the VIN), u32 LE value length, value (protobuf Payload without created_at)
 * in vehicle-major order: record (vehicle n, variant k) is entry n * variants + k, where `variants` is
 * the file's u32 LE header (the first 4 bytes). Send i is vehicle i % vehicles, variant
 * (i / vehicles) % variants, as the old kafkajs producer did.
 *
 * Each record's created_at is stamped here, at send time: the protobuf Timestamp is appended to the
 * template as a second occurrence of field 2 (a later occurrence of a message field merges over the
 * earlier one), byte for byte what the bench's `createdAtField` does, and the fleet-telemetry headers
 * (vin, receivedat, timestamp, txid, txtype, version, device_client_version) carry the same time.
 *
 * Prints {"ready":true} once the records are loaded and the topic's metadata has been fetched (the
 * broker connection is up), then {"sent":..,"seconds":..,"failed":..,"cpu_seconds":..} at the end:
 * sent = records the broker acknowledged, seconds = from ready to everything flushed, cpu_seconds =
 * this process's user + system CPU over that time (getrusage).
 */
#include <librdkafka/rdkafka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct {
  const char *key;
  uint32_t key_len;
  const unsigned char *value;
  uint32_t value_len;
} record_t;

static long long delivered = 0;
static long long failed = 0;
static char first_error[512] = "";

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  (void)opaque;
  if (m->err) {
    if (failed++ == 0) snprintf(first_error, sizeof first_error, "%s", rd_kafka_err2str(m->err));
  } else {
    delivered++;
  }
}

static double now_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static size_t varint(unsigned long long v, unsigned char *out) {
  size_t n = 0;
  while (v > 127) {
    out[n++] = (unsigned char)((v & 127) | 128);
    v >>= 7;
  }
  out[n++] = (unsigned char)v;
  return n;
}

/* Field 2 (created_at, google.protobuf.Timestamp {1: seconds, 2: nanos}), as the bench encodes it. */
static size_t created_at_field(long long ms, unsigned char *out) {
  unsigned char inner[32];
  size_t n = 0;
  inner[n++] = 0x08;
  n += varint((unsigned long long)(ms / 1000), inner + n);
  inner[n++] = 0x10;
  n += varint((unsigned long long)(ms % 1000) * 1000000ULL, inner + n);
  out[0] = 0x12;
  out[1] = (unsigned char)n;
  memcpy(out + 2, inner, n);
  return n + 2;
}

static uint32_t u32le(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void die(const char *what, const char *detail) {
  fprintf(stderr, "telemetry-producer: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

int main(int argc, char **argv) {
  if (argc != 7) die("usage: telemetry-producer <brokers> <topic> <rate> <seconds> <records file> <linger ms>", NULL);
  const char *brokers = argv[1];
  const char *topic = argv[2];
  const double rate = atof(argv[3]);
  const double duration = atof(argv[4]);

  /* Load the records. */
  FILE *f = fopen(argv[5], "rb");
  if (!f) die("cannot open", argv[5]);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc((size_t)size);
  if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) die("cannot read", argv[5]);
  fclose(f);
  if (size < 4) die("records file too short", NULL);
  const uint32_t variants = u32le(data);
  size_t count = 0, cap = 1024;
  record_t *records = malloc(cap * sizeof *records);
  size_t max_value = 0;
  for (long at = 4; at < size;) {
    if (count == cap) records = realloc(records, (cap *= 2) * sizeof *records);
    record_t *r = &records[count++];
    r->key_len = u32le(data + at);
    r->key = (const char *)data + at + 4;
    at += 4 + r->key_len;
    r->value_len = u32le(data + at);
    r->value = data + at + 4;
    at += 4 + r->value_len;
    if (at > size) die("records file truncated", NULL);
    if (r->value_len > max_value) max_value = r->value_len;
  }
  if (variants == 0 || count == 0 || count % variants != 0) die("records file: bad record count", NULL);
  const size_t vehicles = count / variants;
  unsigned char *value = malloc(max_value + 40);

  /* acks=1 as the old kafkajs producer. linger.ms comes from the bench: librdkafka's mock cluster
   * answers a Fetch with at most ONE stored batch per partition ("FIXME: Multiple messageSets ?" in
   * rdkafka_mock_handlers.c), so the records per produce batch per partition cap what the consumer
   * can read per fetch; a real broker returns many batches per fetch. */
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  const char *settings[][2] = {
      {"bootstrap.servers", brokers},
      {"client.id", "bench-producer"},
      {"acks", "1"},
      {"linger.ms", argv[6]},
      {"batch.num.messages", "10000"},
      {"queue.buffering.max.messages", "1000000"},
      {"queue.buffering.max.kbytes", "1048576"},
      /* The Java / kafkajs key hash: the same VIN → partition mapping as the old producer. */
      {"partitioner", "murmur2_random"},
  };
  for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
    if (rd_kafka_conf_set(conf, settings[i][0], settings[i][1], err, sizeof err) != RD_KAFKA_CONF_OK)
      die(settings[i][0], err);
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) die("rd_kafka_new", err);
  rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
  const struct rd_kafka_metadata *md;
  rd_kafka_resp_err_t merr = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
  if (merr) die("metadata", rd_kafka_err2str(merr));
  rd_kafka_metadata_destroy(md);
  rd_kafka_topic_destroy(rkt);

  printf("{\"ready\":true}\n");
  fflush(stdout);
  const double started = now_s(CLOCK_MONOTONIC);
  const double cpu_started = cpu_s();
  long long sent = 0;
  char received[24], txid[48];
  while (now_s(CLOCK_MONOTONIC) - started < duration) {
    long long due = (long long)((now_s(CLOCK_MONOTONIC) - started) * rate) - sent;
    if (due <= 0) {
      rd_kafka_poll(rk, 1); /* serves delivery reports, waits up to 1 ms */
      continue;
    }
    if (due > 5000) due = 5000;
    for (long long i = 0; i < due; i++) {
      const size_t n = (size_t)(sent % (long long)vehicles);
      const size_t k = (size_t)((sent / (long long)vehicles) % variants);
      const record_t *r = &records[n * variants + k];
      const long long ms = wall_ms(); /* created_at = the moment this record is handed to librdkafka */
      memcpy(value, r->value, r->value_len);
      const size_t value_len = r->value_len + created_at_field(ms, value + r->value_len);
      int received_len = snprintf(received, sizeof received, "%lld", ms);
      int txid_len = snprintf(txid, sizeof txid, "%lld-%lld", ms, sent);
      rd_kafka_resp_err_t e;
      for (;;) {
        e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                              RD_KAFKA_V_KEY(r->key, r->key_len), RD_KAFKA_V_VALUE(value, value_len),
                              RD_KAFKA_V_HEADER("vin", r->key, r->key_len),
                              RD_KAFKA_V_HEADER("receivedat", received, received_len),
                              RD_KAFKA_V_HEADER("timestamp", received, received_len),
                              RD_KAFKA_V_HEADER("txid", txid, txid_len),
                              RD_KAFKA_V_HEADER("txtype", "V", 1), RD_KAFKA_V_HEADER("version", "1", 1),
                              RD_KAFKA_V_HEADER("device_client_version", "bench", 5), RD_KAFKA_V_END);
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
        rd_kafka_poll(rk, 10);
      }
      if (e) die("produce", rd_kafka_err2str(e));
      sent++;
    }
    rd_kafka_poll(rk, 0);
  }
  while (rd_kafka_outq_len(rk) > 0) rd_kafka_flush(rk, 1000);
  const double seconds = now_s(CLOCK_MONOTONIC) - started;
  const double cpu = cpu_s() - cpu_started;
  if (failed) fprintf(stderr, "telemetry-producer: %lld records failed (first: %s)\n", failed, first_error);
  printf("{\"sent\":%lld,\"produced\":%lld,\"failed\":%lld,\"seconds\":%.3f,\"cpu_seconds\":%.3f}\n", delivered,
         sent, failed, seconds, cpu);
  fflush(stdout);
  rd_kafka_destroy(rk);
  return 0;
}
