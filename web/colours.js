// The page's colours in one place: the fixed palette the plots draw with, and the colours that
// follow the light or dark theme (the --chart-* properties of web/theme.css, read when drawing).
import { theme } from './theme.js';

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
const OKABE_ITO = Object.freeze({
  black: '#000000',
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
});

// Beside the palette: white (markers' fill and outline on the heat map), grey (reference lines),
// and the plot frame of web/canvasplot.js.
const WHITE = '#ffffff';
const GREY = '#6b7280';
const FRAME = '#9ca3af';

// '#rrggbb' -> [r, g, b] (0-255).
function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

// '#rrggbb' and an opacity -> 'rgba(r,g,b,a)'.
function withAlpha(hex, alpha) {
  return `rgba(${rgb(hex).join(',')},${alpha})`;
}

// Colours that follow the theme; the fallbacks are the light theme's.
const themed = (name, fallback) => theme.css(name, fallback);
const ink = () => themed('--chart-ink', '#374151');       // axes, their labels, plain curves
const gridInk = () => themed('--chart-grid', '#e5e7eb');
const tickInk = () => themed('--chart-tick', '#d1d5db');
const halo = () => themed('--chart-halo', WHITE);         // the outline of a point
const truthInk = () => themed('--chart-truth', OKABE_ITO.black); // black on light, light on dark
const fitInk = () => themed('--chart-fit', OKABE_ITO.blue);       // the fitted line: blue on light, yellow on dark

// The colour of w_j (cycled) and of b in every plot; the palette's black follows the theme.
const PARAM_COLOURS = Object.freeze([OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.purple, OKABE_ITO.sky,
  OKABE_ITO.vermillion, OKABE_ITO.black, GREY, OKABE_ITO.yellow]);
const B_COLOUR = OKABE_ITO.green;
function paramColour(j) {
  const c = PARAM_COLOURS[j % PARAM_COLOURS.length];
  return c === OKABE_ITO.black ? truthInk() : c;
}

export const colours = {
  OKABE_ITO, WHITE, GREY, FRAME, rgb, withAlpha, ink, gridInk, tickInk, halo, truthInk, fitInk, PARAM_COLOURS, B_COLOUR, paramColour,
};
