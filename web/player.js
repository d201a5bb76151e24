// The player drives the run over animation frames: Run takes steps at a chosen speed (several per
// frame when the speed exceeds the frame rate), Epoch fast-forwards to the end of the epoch. It
// renders once per frame and never blocks a frame for long.
(function (page) {
  'use strict';

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
      this.render();
    }
  }

  page.Player = Player;
})((window.LinRegPage = window.LinRegPage || {}));
