/**
 * A fake Twilio in memory (Twilio itself cannot be reached from tests): POST …/Messages.json
 * creates a message, GET lists them to `To`, newest first, PageSize at a time, with next_page_uri.
 */
export function fakeTwilio() {
  const messages: Array<{ sid: string; to: string; body: string; direction: string; date_created: string }> =
    [];
  const calls: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    calls.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    if (init?.method === 'POST') {
      const form = new URLSearchParams(init.body as string);
      const sid = `SM${String(messages.length + 1).padStart(32, '0')}`;
      messages.push({
        sid,
        to: form.get('To') ?? '',
        body: form.get('Body') ?? '',
        direction: 'outbound-api',
        date_created: new Date().toUTCString(),
      });
      return Response.json({ sid, status: 'queued' }, { status: 201 });
    }
    const to = url.searchParams.get('To');
    const size = Number(url.searchParams.get('PageSize') ?? 50);
    const page = Number(url.searchParams.get('Page') ?? 0);
    const matching = messages.filter((m) => m.to === to).reverse();
    const slice = matching.slice(page * size, (page + 1) * size);
    const next = new URLSearchParams(url.searchParams);
    next.set('Page', String(page + 1));
    return Response.json({
      messages: slice,
      next_page_uri: matching.length > (page + 1) * size ? `${url.pathname}?${next.toString()}` : null,
    });
  };
  return { fetch, messages, calls };
}
