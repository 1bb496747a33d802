// Every fast-check property of a test file runs from one seed: FC_SEED when set (CI fixes it in .ci/run, so a run
// is repeatable), otherwise a fresh random one. A failure names the seed and the command that replays it.
import fc from 'fast-check';

function seedFromEnvironment(): number {
  const text = process.env.FC_SEED;
  if (text === undefined || text === '') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED "${text}" must be a whole number (e.g. FC_SEED=42)`);
  return seed;
}

const seed = seedFromEnvironment();
const testFile = expect.getState().testPath ?? '<test file>';

fc.configureGlobal({
  seed,
  reporter: (details) => {
    if (!details.failed) return;
    const relative = testFile.replace(`${process.cwd()}/`, '');
    throw new Error(
      `${fc.defaultReportMessage(details)}\n\nproperty seed ${details.seed}: replay with FC_SEED=${details.seed} npx jest ${relative}`,
    );
  },
});
