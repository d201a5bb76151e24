// Parts of the page built after it is ready to step (web/main.js). The first screen (the buttons,
// the plots, the exercises) is built before `body.is-ready`; the parts below it (the loss
// landscape, the closed form, the sweep, the code in step) are built after, each the first time
// one of these happens:
//   - something needs it now (need(): the tour's stop, an exercise's sweep, the P key, a drag);
//   - it comes near the window (an IntersectionObserver, from start());
//   - the browser is idle after the page is ready (one part per idle period, from start()).
// Once every part is built the body gets `is-complete` (the page tests wait for it).

// A part this close to the window is built (about a screen ahead of the scroll).
const AHEAD = '100% 0px';
// An idle period is waited for at most this long (a page that never idles, a run playing).
const IDLE_TIMEOUT_MS = 400;

const idle = (fn) => (typeof requestIdleCallback === 'function'
  ? requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS })
  : setTimeout(fn, 16));

export class Later {
  constructor() {
    this.parts = []; // {name, root, build, built}, in the order of the page
    this.observer = null;
    this.started = false;
  }

  // name: the part; root: the element it fills (already on the page); build(): builds it, once.
  // Parts are added in the order they are on the page.
  add(name, root, build) {
    this.parts.push({ name, root, build, built: false });
  }

  built(name) {
    const part = this.parts.find((p) => p.name === name);
    return Boolean(part && part.built);
  }

  // Builds the part now (if it is not built yet).
  need(name) {
    const part = this.parts.find((p) => p.name === name);
    if (part) this.buildPart(part);
  }

  // Builds the parts that hold `element` or are inside it (the tour points at it, it nears the
  // window), and the parts before them on the page: what is scrolled to stays where it was put,
  // with nothing above it growing after.
  needAt(element) {
    if (!element) return;
    const last = this.parts.map((p) => Boolean(p.root && (p.root.contains(element) || element.contains(p.root)))).lastIndexOf(true);
    for (const part of this.parts.slice(0, last + 1)) this.buildPart(part);
  }

  buildPart(part) {
    if (part.built) return;
    part.built = true; // (first: a build that needs another part does not build this one twice)
    if (this.observer && part.root) this.observer.unobserve(part.root);
    part.build();
    this.checkComplete();
  }

  // After the page is ready: the parts near the window at once, the others when idle.
  start() {
    if (this.started) return;
    this.started = true;
    if (typeof IntersectionObserver === 'function') {
      this.observer = new IntersectionObserver((entries) => {
        for (const e of entries) if (e.isIntersecting) this.needAt(e.target);
      }, { rootMargin: AHEAD });
      for (const part of this.parts) if (!part.built && part.root) this.observer.observe(part.root);
    }
    const next = () => {
      const part = this.parts.find((p) => !p.built);
      if (!part) return;
      this.buildPart(part);
      idle(next);
    };
    idle(next);
    this.checkComplete();
  }

  checkComplete() {
    if (!this.started || this.parts.some((p) => !p.built)) return;
    if (this.observer) this.observer.disconnect();
    this.observer = null;
    document.body.classList.add('is-complete');
  }
}
