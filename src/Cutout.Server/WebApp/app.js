// The page: images in, cutouts out. Every image gets its own chat session on the server, so that settings,
// chat refinements ("make the hair smoother") and "undo" work per image exactly as they do over the API.
import { adoptKeyFromAddress, apiKey, ApiError, chat, download } from './api.js';
import { zipBlob } from './zip.js';

const $ = (selector, root = document) => root.querySelector(selector);

/** Uploads and turns that run at once: the server works on two requests at a time by default. */
const parallelTurns = 2;
const pageId = crypto.getRandomValues(new Uint32Array(2)).reduce((id, n) => id + n.toString(36), 'web_');
const cards = [];
let nextCardNumber = 1;

// ---- key ----------------------------------------------------------------------------------------------

adoptKeyFromAddress();

function showKeyPanel(message) {
  $('#key-panel').hidden = false;
  $('#forget-key').hidden = true;
  const old = $('#key-panel [data-testid="error"]');
  old?.remove();
  if (message) $('#key-form').before(errorElement(message));
  $('#key-input').focus();
}

function hideKeyPanel() {
  $('#key-panel').hidden = true;
  $('#forget-key').hidden = false;
}

$('#key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  apiKey.set($('#key-input').value.trim());
  $('#key-input').value = '';
  hideKeyPanel();
  $('#file-input').focus();
});
$('#forget-key').addEventListener('click', () => {
  apiKey.forget();
  showKeyPanel();
});
if (apiKey.get()) hideKeyPanel();
else showKeyPanel();

/** True when a key is there to send; otherwise the key form is shown. */
function haveKey() {
  if (apiKey.get()) return true;
  showKeyPanel('Enter an API key first.');
  return false;
}

/** A refused key asks for another one; every other failure belongs to whatever failed. */
function keyRefused(error) {
  if (error instanceof ApiError && error.status === 401) {
    apiKey.forget();
    showKeyPanel(error.message);
    return true;
  }
  return false;
}

// ---- settings -----------------------------------------------------------------------------------------

// The colour names the server itself accepts, as suggestions for the colour field.
fetch('/app/colour-names.json')
  .then((response) => (response.ok ? response.json() : []))
  .then((names) => $('#css-colours').append(...names.map((name) => new Option(name))))
  .catch(() => {});

$('#background-kind').addEventListener('change', showBackgroundFields);
function showBackgroundFields() {
  const kind = $('#background-kind').value;
  for (const field of document.querySelectorAll('[data-background]')) field.hidden = field.dataset.background !== kind;
}
$('#background-colour-picker').addEventListener('input', (event) => { $('#background-colour').value = event.target.value; });
$('#edge-softness').addEventListener('input', (event) => { $('#edge-softness-value').value = event.target.value; });

/** The request's `options` object: what the controls say, in the CLI's spelling. */
async function chosenOptions() {
  const options = {
    shadow: $('#shadow').value,
    preset: $('#preset').value,
    edge_softness: Number($('#edge-softness').value),
  };
  const backdrop = $('#background-image').files[0];
  if ($('#background-kind').value === 'image' && backdrop) options.background_image = await readAsDataUrl(backdrop);
  const background = chosenBackground();
  if (background) options.background = background;
  if ($('#format').value) options.format = $('#format').value;
  return options;
}

function chosenBackground() {
  switch ($('#background-kind').value) {
    case 'transparent': return 'transparent';
    case 'colour': return $('#background-colour').value.trim() || 'white';
    case 'gradient': {
      const from = $('#gradient-from').value;
      const to = $('#gradient-to').value;
      const direction = $('#gradient-direction').value;
      return direction === 'radial' ? `radial-gradient(${from}, ${to})` : `linear-gradient(${direction}, ${from}, ${to})`;
    }
    case 'scene': return `scene:${$('#background-scene').value}`;
    case 'blur': return 'blur';
    default: return null;
  }
}

const mode = () => $('#mode').value;

$('#apply-all').addEventListener('click', async () => {
  if (!haveKey()) return;
  const options = await chosenOptions();
  for (const card of cards.filter((c) => c.result)) {
    schedule(() => runTurn(card, { message: 'Apply these settings to the image', options }));
  }
});

// ---- adding images ------------------------------------------------------------------------------------

$('#file-input').addEventListener('change', (event) => {
  addFiles(event.target.files);
  event.target.value = '';
});

const dropZone = $('#drop-zone');
for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
}
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
// A file dropped anywhere is taken, never opened by the browser in place of the page.
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  addFiles(event.dataTransfer?.files ?? []);
});
document.addEventListener('paste', (event) => {
  const files = [...(event.clipboardData?.files ?? [])];
  if (files.length > 0) {
    event.preventDefault();
    addFiles(files);
  }
});

async function addFiles(fileList) {
  const files = [...fileList];
  if (files.length === 0 || !haveKey()) return;
  const cardsAdded = files.map(createCard);
  updatePageStatus();
  const options = await chosenOptions();
  for (const card of cardsAdded) schedule(() => upload(card, options));
}

async function upload(card, options) {
  let dataUrl;
  try {
    dataUrl = await readAsDataUrl(card.file);
  } catch {
    showCardError(card, 'The file could not be read.');
    return;
  }
  await runTurn(card, { message: 'Remove the background', image_urls: [dataUrl], options });
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// ---- turns --------------------------------------------------------------------------------------------

const waiting = [];
let running = 0;

/** Runs `task` when one of the parallel slots is free. */
function schedule(task) {
  return new Promise((resolve) => {
    waiting.push(async () => {
      try {
        resolve(await task());
      } finally {
        running--;
        pump();
      }
    });
    pump();
  });
}

function pump() {
  while (running < parallelTurns && waiting.length > 0) {
    running++;
    waiting.shift()();
  }
}

/**
 * One chat turn in the card's session: progress and notes go onto the card, the new result replaces the
 * shown one. Resolves with the turn's text replies (for the chat log); failures are shown, never thrown.
 */
async function runTurn(card, body) {
  setBusy(card, true);
  clearCardError(card);
  card.notes.replaceChildren();
  const replies = [];
  let generation = null;
  try {
    await chat({ ...body, session_id: card.session, mode: mode() }, (event) => {
      switch (event.type) {
        case 'status': setProgress(card, event.message + '…'); break;
        case 'thinking_delta': setProgress(card, event.content); break;
        case 'execution_progress': break;
        case 'generation_response': generation = event; break;
        case 'message':
        case 'text_response':
          replies.push(event.content);
          addNote(card, event.content);
          break;
        case 'clarification_needed': {
          const question = event.options?.length ? `${event.question} (${event.options.join(' / ')})` : event.question;
          replies.push(question);
          addNote(card, question);
          break;
        }
      }
    });
    if (generation) await showResult(card, generation);
    setProgress(card, card.result ? 'Done' : '');
  } catch (error) {
    keyRefused(error);
    showCardError(card, error.message);
    replies.push(`Error: ${error.message}`);
  } finally {
    setBusy(card, false);
    updatePageStatus();
  }
  return replies;
}

async function showResult(card, generation) {
  setProgress(card, 'Downloading the result…');
  const link = new URL(generation.url, window.location.href);
  // The signed link works on whatever address reached this page (a proxy may have renamed the host).
  const blob = await download(link.pathname + link.search);
  if (card.resultUrl) URL.revokeObjectURL(card.resultUrl);
  card.result = { blob, format: generation.metadata?.format ?? extensionOf(blob.type), width: generation.metadata?.width, height: generation.metadata?.height };
  card.resultUrl = URL.createObjectURL(blob);

  const el = card.el;
  $('.after', el).src = card.resultUrl;
  $('.after', el).alt = `${card.name} with the background removed`;
  $('.before', el).alt = `${card.name} as uploaded`;
  if (card.result.width && card.result.height) $('.compare', el).style.setProperty('aspect-ratio', `${card.result.width} / ${card.result.height}`);
  await placeOriginal(card, generation.metadata?.source_placement);
  $('.compare', el).hidden = false;
  $('.compare-label', el).hidden = false;

  const fileName = `${stem(card.name)}.cutout.${fileExtension(card.result.format)}`;
  const anchor = $('.download', el);
  anchor.href = card.resultUrl;
  anchor.download = fileName;
  anchor.textContent = `Download ${card.result.format.toUpperCase()}`;
  anchor.setAttribute('aria-label', `Download ${fileName}`);
  $('.card-format', el).value = card.result.format === 'jpg' ? 'jpeg' : card.result.format;
  $('.card-actions', el).hidden = false;
  showChecks(card, generation.metadata?.preset);
}

/**
 * Lines the original up with the result: where a layout trimmed, scaled or moved the photo (a marketplace square,
 * a crop), the original is drawn on the result's canvas exactly where the server placed it, so the slider compares
 * the same pixels. Without a placement (unknown) both are shown whole.
 */
async function placeOriginal(card, placement) {
  const before = $('.before', card.el);
  const compare = $('.compare', card.el);
  const { width, height } = card.result;
  if (!placement || !width || !height) {
    compare.classList.remove('placed');
    for (const side of ['left', 'top', 'width', 'height']) before.style.removeProperty(side);
    return;
  }
  await before.decode().catch(() => {});
  const percent = (value, of) => `${(100 * value / of).toFixed(4)}%`;
  before.style.setProperty('left', percent(placement.x_offset, width));
  before.style.setProperty('top', percent(placement.y_offset, height));
  before.style.setProperty('width', percent(before.naturalWidth * placement.scale, width));
  before.style.setProperty('height', percent(before.naturalHeight * placement.scale, height));
  compare.classList.add('placed');
}

function showChecks(card, preset) {
  const table = $('.checks', card.el);
  table.hidden = !preset;
  if (!preset) return;
  $('caption', table).textContent = `${preset.title}: ${preset.passed ? 'all rules passed' : 'some rules not met'}`;
  const rows = preset.checks.map((check) => {
    const row = document.createElement('tr');
    row.className = check.passed ? 'pass' : 'fail';
    for (const text of [check.rule, check.expected, check.actual, check.passed ? 'pass' : 'fail']) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  $('tbody', table).replaceChildren(...rows);
}

// ---- cards --------------------------------------------------------------------------------------------

function createCard(file) {
  const el = $('#result-template').content.firstElementChild.cloneNode(true);
  const number = nextCardNumber++;
  const card = { file, name: file.name || `pasted-${number}.png`, session: `${pageId}_${number}`, el, notes: $('.notes', el), result: null, busy: false };
  $('.name', el).textContent = card.name;
  card.originalUrl = URL.createObjectURL(file);
  $('.before', el).src = card.originalUrl;
  const slider = $('.compare-slider', el);
  slider.setAttribute('aria-label', `Before and after: ${card.name}`);
  slider.addEventListener('input', () => $('.compare', el).style.setProperty('--split', `${slider.value}%`));
  $('.card-format', el).setAttribute('aria-label', `Format of ${card.name}`);
  $('.chat-target', el).setAttribute('aria-label', `Chat changes ${card.name}`);
  $('.card-format', el).addEventListener('change', (event) => {
    const format = event.target.value;
    if (card.result && format !== card.result.format) schedule(() => runTurn(card, { message: `Export as ${format}`, options: { format } }));
  });
  setProgress(card, 'Waiting…');
  cards.push(card);
  $('#results').append(el);
  return card;
}

/** While a turn runs the card's old result is not offered: a download then is always the newest result. */
function setBusy(card, busy) {
  card.busy = busy;
  card.el.setAttribute('aria-busy', String(busy));
  const done = !busy && card.result;
  toggleTestId($('.after', card.el), 'result', done);
  toggleTestId($('.download', card.el), 'download', done);
  $('.card-actions', card.el).hidden = !done;
  $('.card-format', card.el).disabled = busy;
}

function toggleTestId(element, id, on) {
  if (on) element.dataset.testid = id;
  else delete element.dataset.testid;
}

function setProgress(card, text) {
  $('.progress', card.el).textContent = text;
}

function addNote(card, text) {
  const item = document.createElement('li');
  item.textContent = text;
  card.notes.append(item);
}

function showCardError(card, message) {
  clearCardError(card);
  setProgress(card, card.result ? 'Failed; the earlier result is kept.' : 'Failed');
  $('.card-head', card.el).after(errorElement(message));
}

function clearCardError(card) {
  $('[data-testid="error"]', card.el)?.remove();
}

function errorElement(message) {
  const p = document.createElement('p');
  p.className = 'error';
  p.dataset.testid = 'error';
  p.setAttribute('role', 'alert');
  p.textContent = message;
  return p;
}

function updatePageStatus() {
  const done = cards.filter((c) => c.result && !c.busy).length;
  const failed = cards.filter((c) => !c.result && !c.busy && $('[data-testid="error"]', c.el)).length;
  const working = cards.filter((c) => c.busy || (!c.result && !$('[data-testid="error"]', c.el))).length;
  const parts = [`${done} of ${cards.length} done`];
  if (working) parts.push(`${working} working`);
  if (failed) parts.push(`${failed} failed`);
  $('#page-status').textContent = cards.length ? parts.join(', ') : '';
  $('#download-all').disabled = done === 0 || working > 0;
  $('#apply-all').disabled = done === 0;
}

// ---- download all -------------------------------------------------------------------------------------

$('#download-all').addEventListener('click', async () => {
  const used = new Set();
  const entries = cards.filter((c) => c.result).map((card) => {
    let name = `${stem(card.name)}.cutout.${fileExtension(card.result.format)}`;
    for (let n = 2; used.has(name); n++) name = `${stem(card.name)}-${n}.cutout.${fileExtension(card.result.format)}`;
    used.add(name);
    return { name, blob: card.result.blob };
  });
  const url = URL.createObjectURL(await zipBlob(entries));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = 'cutouts.zip';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
});

// ---- chat ---------------------------------------------------------------------------------------------

$('#chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('#chat-input');
  const message = input.value.trim();
  if (!message || !haveKey()) return;
  input.value = '';
  logChat('you', message);
  const form = event.target;
  form.setAttribute('aria-busy', 'true');
  const finished = cards.filter((c) => c.result);
  const targets = finished.filter((c) => $('.chat-target', c.el).checked);
  if (finished.length > 0 && targets.length === 0) {
    logChat('cutout', 'No image is selected: tick "Chat changes this image" on the images to change.');
  } else if (targets.length === 0) {
    // Nothing to work on yet: the server still answers questions ("what can you do?").
    const replies = await runPageTurn(message);
    for (const reply of replies) logChat('cutout', reply);
  } else {
    await Promise.all(targets.map(async (card) => {
      const replies = await schedule(() => runTurn(card, { message }));
      for (const reply of replies.length ? replies : ['Done.']) logChat('cutout', targets.length > 1 ? `${card.name}: ${reply}` : reply);
    }));
  }
  form.setAttribute('aria-busy', 'false');
});

async function runPageTurn(message) {
  const replies = [];
  try {
    await chat({ message, session_id: `${pageId}_chat`, mode: mode() }, (event) => {
      if (event.type === 'text_response' || event.type === 'message') replies.push(event.content);
      if (event.type === 'clarification_needed') replies.push(event.question);
    });
  } catch (error) {
    if (!keyRefused(error)) replies.push(`Error: ${error.message}`);
  }
  return replies;
}

function logChat(who, text) {
  const item = document.createElement('li');
  item.className = who;
  const speaker = document.createElement('span');
  speaker.className = 'speaker';
  speaker.textContent = who === 'you' ? 'You' : 'Cutout';
  item.append(speaker, document.createTextNode(text));
  const log = $('#chat-log');
  log.append(item);
  log.scrollTop = log.scrollHeight;
}

// ---- names --------------------------------------------------------------------------------------------

function stem(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function fileExtension(format) {
  return format === 'jpeg' ? 'jpg' : format;
}

function extensionOf(contentType) {
  return contentType.replace('image/', '') || 'png';
}
