/*
 * librdkafka's own mock Kafka cluster, as a test peer: a real Kafka-protocol server in-process.
 * Prints its bootstrap servers, then reads commands on stdin, one per line, answering "ok" or
 * "error <text>":  topic <name> <partitions>  |  down <broker-id>  |  up <broker-id>.
 * Exits when stdin closes (the test process ended).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 1;
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", err); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "rd_kafka_mock_cluster_new failed\n"); return 1; }
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);
  char line[1024], name[512];
  int n;
  while (fgets(line, sizeof line, stdin)) {
    rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (sscanf(line, "topic %511s %d", name, &n) == 2) e = rd_kafka_mock_topic_create(mc, name, n, 1);
    else if (sscanf(line, "down %d", &n) == 1) e = rd_kafka_mock_broker_set_down(mc, n);
    else if (sscanf(line, "up %d", &n) == 1) e = rd_kafka_mock_broker_set_up(mc, n);
    else { printf("error unknown command\n"); fflush(stdout); continue; }
    if (e) printf("error %s\n", rd_kafka_err2str(e)); else printf("ok\n");
    fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
