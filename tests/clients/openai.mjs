// Drives the npm openai client against our server: argv[2] = base URL (…/v1), argv[3] = API key,
// argv[4] = a file holding the photo as a data: URL. Turn 1 streams with the photo, turn 2 (not streamed)
// asks for a white background, sending the history back the way the client's users do.
// Prints one JSON object with both turns, the model list and what a wrong key gets.
import { readFileSync } from "node:fs";
import OpenAI from "openai";

const [baseURL, apiKey, photoFile] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 300_000 });
const photo = readFileSync(photoFile, "utf8").trim();

const first = {
  role: "user",
  content: [
    { type: "text", text: "Remove the background, keep it transparent." },
    { type: "image_url", image_url: { url: photo } },
  ],
};
const stream = await client.chat.completions.create({ model: "cutout-eco", stream: true, messages: [first] });
let content = "";
const images = [];
const objects = new Set();
let finishReason = null;
for await (const chunk of stream) {
  objects.add(chunk.object);
  const choice = chunk.choices[0];
  content += choice.delta.content ?? "";
  images.push(...(choice.delta.images ?? []).map((image) => image.image_url.url));
  finishReason = choice.finish_reason ?? finishReason;
}

const second = await client.chat.completions.create({
  model: "cutout-eco",
  messages: [first, { role: "assistant", content }, { role: "user", content: "now make it white" }],
});

const models = await client.models.list();
let wrongKey;
try {
  await new OpenAI({ baseURL, apiKey: "not-a-key", maxRetries: 0 }).models.list();
} catch (error) {
  wrongKey = { status: error.status, code: error.code, type: error.type };
}

process.stdout.write(JSON.stringify({
  first: { content, images, objects: [...objects], finishReason },
  second: {
    object: second.object,
    content: second.choices[0].message.content,
    images: (second.choices[0].message.images ?? []).map((image) => image.image_url.url),
    finishReason: second.choices[0].finish_reason,
  },
  models: models.data.map((model) => model.id),
  wrongKey,
}));
