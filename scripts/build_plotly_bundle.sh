#!/usr/bin/env bash
# Builds dashboard/vendor/plotly-vru.min.js: plotly.js (the version plotly.py bundles) with only
# the trace types the dashboard draws: bar, box, scatter, choropleth (the SVG geo trace: maplibre-gl,
# which choroplethmap needs, was more than half of the bundle). Needs node and npm.
#   bash scripts/build_plotly_bundle.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$("$root/.venv/bin/python" -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
work=/tmp/vru-plotly-bundle  # a fixed path: the inlined CSS gets an element id hashed from it, so builds are byte-identical
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "plotly.js@$version" esbuild@0.28.2 esbuild-plugin-inline-css@0.0.1 esbuild-plugin-environment@0.5.0
cat > entry.js <<'JS'
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/box'), require('plotly.js/lib/choropleth')]);
// The maps draw no base layer, so geo never fetches a topojson; should it ever, it asks this site, not cdn.plot.ly.
Plotly.setPlotConfig({topojsonURL: '/assets/topojson/'});
module.exports = Plotly;
JS
cat > build.js <<'JS'
// The options of plotly.js's own esbuild-config.js, minified.
require('esbuild').build({
  entryPoints: ['entry.js'], outfile: process.argv[2], format: 'iife', globalName: 'Plotly', bundle: true, minify: true,
  plugins: [require('esbuild-plugin-inline-css')(), require('esbuild-plugin-environment').environmentPlugin({ NODE_DEBUG: false })],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' }, target: 'es2016', legalComments: 'none', logLevel: 'warning',
}).catch(() => process.exit(1));
JS
mkdir -p "$root/dashboard/vendor"
node build.js "$root/dashboard/vendor/plotly-vru.min.js"
echo "built dashboard/vendor/plotly-vru.min.js (plotly.js $version: bar, box, scatter, choropleth)"
