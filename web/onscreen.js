// Which parts of the page are on screen. While a control is dragged the page recomputes the run
// at every move, and while the run plays it takes a step or more every frame; drawing the parts
// that nobody can see at that moment would take frames from the ones that are seen. The views ask
// `draws(element, deferring)` and skip a part that is off screen while a gesture or a run lasts;
// the part says so (data-deferred="true") and is drawn again when the gesture ends or the run
// stops, or when it scrolls into the window, whichever comes first.

import { setData } from './dom.js';

// A part this close to the window counts as on screen (it is about to be seen while scrolling).
const MARGIN = '48px';

export class OnScreen {
  // onShown(): a watched part that was off screen came into the window.
  constructor(onShown) {
    this.onShown = onShown;
    this.state = new Map(); // element -> on screen (true until the observer first says otherwise)
    this.observer = typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => this.changed(entries), { rootMargin: MARGIN })
      : null;
  }

  watch(element) {
    if (!element || this.state.has(element)) return;
    this.state.set(element, true);
    if (this.observer) this.observer.observe(element);
  }

  // Whether `element` is on screen (or unknown: without an observer, everything is).
  shown(element) {
    return this.state.get(element) !== false;
  }

  // Whether `element` is drawn now: always, except off screen while `deferring` (a gesture lasts)
  // or the page's run plays (OnScreen.playing()), or when the part cannot be drawn now (`can`
  // false: it waits anyway). Marks it.
  draws(element, deferring, can = true) {
    const draw = can && (!(deferring || OnScreen.playing()) || this.shown(element));
    setData(element, 'deferred', !draw);
    return draw;
  }

  changed(entries) {
    let cameIn = false;
    for (const e of entries) {
      if (e.isIntersecting && this.state.get(e.target) === false) cameIn = true;
      this.state.set(e.target, e.isIntersecting);
    }
    if (cameIn) {
      this.onShown();
      if (OnScreen.playing()) OnScreen.redraw();
    }
  }
}

// The page's run, for every view's parts (web/runview.js sets both): whether it plays (Run,
// Epoch, Forward), and a draw with the player's next frame (a part came into the window).
OnScreen.playing = () => false;
OnScreen.redraw = () => {};
