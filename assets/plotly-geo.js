// The borough map (dashboard/charts/maps.py) is plotly's SVG geo with no base layer, but plotly.js 4.1 still
// loads a world topojson for it (a GeoJSON trace's locationmode "geojson-id" counts as needing one),
// from plotly's CDN unless told otherwise. An empty topology here means it loads nothing at all,
// whichever plotly bundle is served (assets/topojson/ holds the same file for the image renderer).
window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
window.PlotlyGeoAssets.topojson.world_110m = {type: "Topology", objects: {}, arcs: []};
