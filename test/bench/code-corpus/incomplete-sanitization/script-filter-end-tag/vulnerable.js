const SCRIPT_TAG = /<script\b[^>]*>[\s\S]*?<\/script>/gi;

module.exports = function clean(html) {
  return html.replace(SCRIPT_TAG, "");
};
