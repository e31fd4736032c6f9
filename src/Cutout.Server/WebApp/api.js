// The server's chat API as the page uses it: the key kept in this tab, /chat turns read as Server-Sent Events.

const keyName = 'cutout.apiKey';

/** Moves a `?key=` of the start URL (`cutout ui`) into sessionStorage and out of the address bar and history. */
export function adoptKeyFromAddress() {
  const url = new URL(window.location.href);
  const key = url.searchParams.get('key');
  if (key === null) return;
  if (key) sessionStorage.setItem(keyName, key);
  url.searchParams.delete('key');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

export const apiKey = {
  get: () => sessionStorage.getItem(keyName),
  set: (key) => sessionStorage.setItem(keyName, key),
  forget: () => sessionStorage.removeItem(keyName),
};

/** A failure the user can act on, worded for people: the server's own detail where it gave one. */
export class ApiError extends Error {
  constructor(message, { status = 0, code = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * One chat turn. `onEvent` gets every event of the stream in order; the promise resolves with the
 * `complete` event, or rejects with an ApiError for an `error` event or a refused request.
 */
export async function chat(body, onEvent, signal) {
  let response;
  try {
    response = await fetch('/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream', 'X-API-Key': apiKey.get() ?? '' },
      body: JSON.stringify({ ...body, stream: true }),
      signal,
    });
  } catch (e) {
    throw new ApiError(`The server could not be reached (${e.message}).`);
  }
  if (!response.ok) throw await refusal(response);

  let complete = null;
  for await (const event of serverSentEvents(response.body)) {
    onEvent(event);
    if (event.type === 'error') throw new ApiError(event.message, { code: event.error_code ?? null });
    if (event.type === 'complete') complete = event;
  }
  if (!complete) throw new ApiError('The server ended the answer early; please try again.');
  return complete;
}

/** A result's bytes, by its signed link (the key goes along for servers that link without signatures). */
export async function download(url) {
  const response = await fetch(url, { headers: { 'X-API-Key': apiKey.get() ?? '' } });
  if (!response.ok) throw await refusal(response);
  return response.blob();
}

async function refusal(response) {
  let detail = null;
  try {
    detail = (await response.json()).detail;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const message = response.status === 413 ? 'The image is larger than this server accepts.'
    : response.status === 429 ? `Too many requests: ${detail ?? 'wait a minute and try again.'}`
    : detail ?? `The server answered ${response.status} ${response.statusText}.`;
  return new ApiError(message, { status: response.status });
}

/** The JSON objects of a `text/event-stream` body, up to `data: [DONE]`. */
async function* serverSentEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
      if (data === '[DONE]') return;
      if (data) yield JSON.parse(data);
    }
  }
}
