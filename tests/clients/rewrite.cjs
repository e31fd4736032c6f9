// Preload (node -r ./rewrite.cjs): the remove.bg client's endpoint is fixed to https://api.remove.bg, so its
// HTTP library's requests are sent to REMOVEBG_BASE_URL (the loopback test server) instead, path and all.
const Module = require("module");

const target = process.env.REMOVEBG_BASE_URL;
if (!target) throw new Error("REMOVEBG_BASE_URL is not set");
const rewrite = (url) => (typeof url === "string" ? url.replace(/^https:\/\/api\.remove\.bg/, target.replace(/\/$/, "")) : url);

const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exported = load.apply(this, arguments);
  if (request === "unirest" && !exported.__cutoutRewritten) {
    for (const method of ["get", "post", "put", "patch", "delete", "head"]) {
      const original = exported[method];
      exported[method] = (url, ...rest) => original.call(exported, rewrite(url), ...rest);
    }
    exported.__cutoutRewritten = true;
  }
  return exported;
};
