// The entry of web/dist/katex.js (scripts/bundle.js): KaTeX alone, as a classic script that defines
// globalThis.LinRegKatex. web/math.js loads it when the section's math is first about to be shown,
// so that the page's own bundle does not carry it.
import katex from 'katex';

globalThis.LinRegKatex = katex;
