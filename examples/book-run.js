// The book's experiment (D2L 3.4) through the wasm module; prints what `build/linreg --seed N` prints
// after its first line. Usage: node examples/book-run.js [seed]
require('../web/dist/linreg-api.cjs').load().then((LinReg) => {
  const trainer = LinReg.create({ seed: Number(process.argv[2] || 0) });  // the book's config, this seed
  const fixed = (x) => x.toFixed(6);  // C's printf("%f")
  while (!trainer.state().finished) {
    trainer.epoch();
    const h = trainer.history(), e = h.epoch.length - 1;
    console.log(`epoch ${h.epoch[e]}, train loss ${fixed(h.trainLoss[e])}, val loss ${fixed(h.valLoss[e])}`);
  }
  const { errorW, errorB } = trainer.state();
  console.log(`error in estimating w: [${Array.from(errorW, fixed).join(', ')}]`);
  console.log(`error in estimating b: [${fixed(errorB)}]`);
  trainer.delete();  // a Trainer holds wasm memory until deleted
});
