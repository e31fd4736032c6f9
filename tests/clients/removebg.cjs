// Drives the npm remove.bg client (run with -r ./rewrite.cjs). argv[2] is a JSON list of calls:
// [{"name", "call": "file"|"base64"|"url", "options": {...}}]; each answer's image goes to argv[3]/<name>.png.
// Prints one JSON object: name -> the client's result fields, or {"error": what it rejected with}.
const path = require("path");
const removebg = require("remove.bg");

const functions = {
  file: removebg.removeBackgroundFromImageFile,
  base64: removebg.removeBackgroundFromImageBase64,
  url: removebg.removeBackgroundFromImageUrl,
};

(async () => {
  const calls = JSON.parse(process.argv[2]);
  const outputDirectory = process.argv[3];
  const answers = {};
  for (const { name, call, options } of calls) {
    const outputFile = path.join(outputDirectory, `${name}.out`);
    try {
      const result = await functions[call]({ ...options, outputFile });
      delete result.base64img;
      answers[name] = { ...result, outputFile };
    } catch (error) {
      answers[name] = { error: error instanceof Error ? error.message : error };
    }
  }
  process.stdout.write(JSON.stringify(answers));
})();
