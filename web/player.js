// The player drives the run over animation frames, whichever back end trains it (web/backend.js:
// the page's, or the worker's): Run asks for as many steps as are due at the chosen speed
// (several per frame when the speed exceeds the frame rate), Epoch for the rest of the epoch,
// Forward for the rest of the run, each in chunks the back end times itself. It never blocks a
// frame for long: a chunk on this thread takes at most PAGE_CHUNK_MS. It draws once per frame at
// most, and less often when drawing (with the browser's painting) costs more than the frame has
// left, as it does on a slow machine with every plot full: then only so often that drawing takes
// about a third of the time, so that frames, clicks and keys keep coming
// (tests/web/long-run.test.js). A worker keeps training while the page draws: two chunks are out
// at a time while running, and the next goes as soon as one is back.

// A chunk of steps on the page's thread takes at most this long, so a frame keeps room to draw.
const PAGE_CHUNK_MS = 12;
// A chunk in the worker takes at most this long (then its report comes back): a running page gets
// and draws about 33 reports a second, and Pause takes effect within about 50 ms. Every report is
// garbage on the page's thread (its message event, its buffers), and fewer reports keep the
// renderer smaller: at 1e6 x 16, 16-ms chunks grew it by 255-258 MB (X is 128 MB), 25-ms chunks by
// 246-248 MB (bench/README.md, "Fewer reports").
const WORKER_CHUNK_MS = 25;

export class Player {
  // session: web/session.js's Session (advance, canStep, remote); render(); changed(running);
  // failed(message).
  constructor({ session, render, changed, failed }) {
    this.session = session;
    this.render = render;
    this.changed = changed || (() => {});
    this.failed = failed || (() => {});
    this.mode = null; // null, 'run' or 'forward' (to the end of the epoch, or of the run)
    this.untilEpochEnd = true;
    this.speed = 10;
    this.inflight = 0; // chunks asked for and not back yet
    this.frame = 0; // a frame asked for: to draw, or to ask for the next steps
    this.renderCost = 0; // ms a drawn frame took beyond its steps (measured by the next frame)
    this.renderedAt = null; // the timestamp of the frame that drew last, until measured
    this.chunkMs = 0; // time the steps of this thread took since the last draw
    this.lastRender = -Infinity;
    this.dirty = false; // steps taken since the last draw
    this.soon = false; // a draw asked for by redraw(): with the next frame
  }

  get running() {
    return this.mode === 'run';
  }

  setSpeed(stepsPerSecond) {
    this.speed = stepsPerSecond;
  }

  run() {
    this.mode = 'run';
    this.due = 1; // the first step right away
    this.last = performance.now();
    this.changed(true);
    this.pump();
  }

  // To the end of the epoch, or (untilEpochEnd false) of the run.
  forward(untilEpochEnd = true) {
    this.mode = 'forward';
    this.untilEpochEnd = untilEpochEnd;
    this.changed(false);
    this.pump();
  }

  // One step, after any chunk still out (a back end keeps the order of its requests).
  step() {
    this.pause();
    if (this.session.canStep()) this.send(1, false);
  }

  pause() {
    if (!this.mode) return;
    this.mode = null;
    this.changed(false);
    this.dirty = true; // the parts drawn only when stopped (web/runview.js)
    this.nextFrame();
  }

  // Asks for the next chunk: as many steps as are due at the chosen speed (run), or the rest of
  // the epoch or run (forward), each bounded by the back end's time budget.
  pump() {
    const depth = this.session.remote && this.mode === 'run' ? 2 : 1;
    while (this.mode && this.inflight < depth) {
      if (!this.session.canStep()) {
        if (this.inflight === 0) this.stop();
        return;
      }
      if (this.mode === 'forward') {
        this.send(Number.MAX_SAFE_INTEGER, this.untilEpochEnd);
        return;
      }
      const now = performance.now();
      this.due += (this.speed * Math.max(0, now - this.last)) / 1000;
      this.last = now;
      const n = Math.floor(this.due);
      if (n < 1) {
        this.nextFrame();
        return;
      }
      this.due -= n;
      this.send(n, false);
    }
  }

  send(steps, untilEpochEnd) {
    ++this.inflight;
    const remote = Boolean(this.session.remote);
    const started = performance.now();
    const budgetMs = remote ? WORKER_CHUNK_MS : PAGE_CHUNK_MS;
    const request = this.session.advance({ steps, untilEpochEnd, budgetMs });
    if (!remote) this.chunkMs += performance.now() - started;
    request.then((msg) => {
      --this.inflight;
      if (msg.taken < steps && this.mode === 'run') this.due = 0; // too fast for this machine: drop the backlog
      this.dirty = true;
      if (!msg.canStep || (this.mode === 'forward' && this.untilEpochEnd && msg.epochEnded)) this.stop();
      this.nextFrame();
      // The worker trains on while the page draws; this thread asks again at the next frame.
      if (remote) this.pump();
    }, (e) => {
      --this.inflight;
      if (e.stopped) return; // the run was replaced
      this.stop();
      this.failed(e.message);
    });
  }

  stop() {
    if (this.mode) {
      this.mode = null;
      this.changed(false);
    }
    this.dirty = true;
    this.nextFrame();
  }

  // A draw with the next frame although no step was taken (a part that waited off screen while
  // the run plays came into the window): one per frame at most, as every draw.
  redraw() {
    this.dirty = true;
    this.soon = true; // not held back by the last draw's cost: it is one draw, asked for once
    this.nextFrame();
  }

  nextFrame() {
    if (!this.frame) this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  tick(now) {
    this.frame = 0;
    if (this.renderedAt !== null) {
      // The frame's time beyond the steps it took here: drawing and painting.
      this.renderCost = Math.max(0, now - this.renderedAt - Math.max(this.chunkMs, PAGE_CHUNK_MS));
      this.renderedAt = null;
    }
    if (this.dirty) {
      if (!this.mode || this.soon || now - this.lastRender >= 2 * this.renderCost) {
        this.dirty = false;
        this.soon = false;
        this.lastRender = now;
        this.renderedAt = now;
        this.chunkMs = 0;
        this.render();
      }
      // The next frame draws what waits, or measures what this draw cost, whether or not there is
      // more to draw then. Measured at the frame of the next report instead, the cost of a worker
      // run's draw took in the wait for that report (20-55 ms for a 5-ms draw), and the page held
      // back a quarter of its reports undrawn.
      this.nextFrame();
    }
    if (this.mode) this.pump();
  }
}
