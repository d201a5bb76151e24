// The player drives the run over animation frames: Run takes steps at a chosen speed (several per
// frame when the speed exceeds the frame rate), Epoch fast-forwards to the end of the epoch. It
// never blocks a frame for long: it steps for at most FRAME_BUDGET_MS a frame, and renders every
// frame unless rendering (with the browser's painting) costs more than that, as it does on a slow
// machine with every plot full: then it renders only so often that rendering takes about a third
// of the time, so that frames, clicks and keys keep coming (tests/web/long-run.test.js).
const FRAME_BUDGET_MS = 12;

class Player {
  // step(): takes one step, false when the run cannot advance; render(); changed(running).
  constructor({ step, render, changed }) {
    this.stepFn = step;
    this.render = render;
    this.changed = changed || (() => {});
    this.mode = null; // null, 'run' or 'forward'
    this.speed = 10;
    this.frame = 0;
    this.renderCost = 0; // ms a rendered frame took beyond its steps (measured by the next frame)
    this.renderedAt = null; // the timestamp of the frame that rendered last, until measured
    this.lastRender = -Infinity;
    this.dirty = false; // steps taken since the last render
  }

  get running() {
    return this.mode === 'run';
  }

  setSpeed(stepsPerSecond) {
    this.speed = stepsPerSecond;
  }

  run() {
    this.start('run');
    this.due = 1; // the first step right away
  }

  // Steps as fast as the frame budget allows until done() is true or the run cannot advance.
  // The first frame's worth runs now, so a short epoch completes within the click.
  forward(done) {
    this.done = done;
    this.start('forward');
    this.tick(performance.now(), true);
  }

  pause() {
    if (!this.mode) return;
    this.mode = null;
    cancelAnimationFrame(this.frame);
    this.changed(false);
    if (this.dirty) this.draw(performance.now());
  }

  draw(now) {
    this.lastRender = now;
    this.renderedAt = now;
    this.dirty = false;
    this.render();
  }

  start(mode) {
    cancelAnimationFrame(this.frame);
    this.mode = mode;
    this.last = performance.now();
    this.changed(mode === 'run');
    this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  tick(now, immediate) {
    if (!this.mode) return;
    const deadline = performance.now() + FRAME_BUDGET_MS;
    let more = true;
    if (this.mode === 'run') {
      if (!immediate) {
        this.due += (this.speed * Math.max(0, now - this.last)) / 1000;
        this.last = now;
      }
      let n = Math.floor(this.due);
      this.due -= n;
      while (n-- > 0) {
        if (!this.stepFn()) {
          more = false;
          break;
        }
        if (performance.now() > deadline) {
          this.due = 0; // too fast for this machine: drop the backlog rather than lag behind
          break;
        }
      }
    } else {
      for (;;) {
        if (this.done()) {
          more = false;
          break;
        }
        if (!this.stepFn()) {
          more = false;
          break;
        }
        if (performance.now() > deadline) break;
      }
    }
    if (!more) {
      this.mode = null;
      cancelAnimationFrame(this.frame);
      this.changed(false);
    } else if (!immediate) {
      this.frame = requestAnimationFrame((t) => this.tick(t));
    }
    this.dirty = true;
    if (this.renderedAt !== null && !immediate) {
      this.renderCost = Math.max(0, now - this.renderedAt - FRAME_BUDGET_MS);
      this.renderedAt = null;
    }
    if (!more || immediate || now - this.lastRender >= 2 * this.renderCost) this.draw(now);
  }
}

export { Player };
