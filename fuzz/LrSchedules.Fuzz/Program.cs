using LrSchedules;
using LrSchedules.Specs;
using SharpFuzz;

// Coverage-guided fuzzing of the spec parser (see docs/reliability.md): every input must either parse into a schedule
// whose values are finite and non-negative, or be rejected with ScheduleSpecException. Anything else is a crash.
// `--once < file` runs a single input without the fuzzer (to replay a finding).
if (args.Length == 1 && args[0] == "--once")
{
    Check(Console.In.ReadToEnd());
    return;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var reader = new StreamReader(stream);
    Check(reader.ReadToEnd());
});

static void Check(string text)
{
    ILearningRateSchedule schedule;
    try
    {
        schedule = ScheduleSpec.Parse(text);
    }
    catch (ScheduleSpecException)
    {
        return;
    }

    foreach (long step in new long[] { 0, 1, 2, 100, 1L << 31 })
    {
        double value = schedule.GetLearningRate(step);
        if (!double.IsFinite(value) || value < 0)
        {
            throw new InvalidOperationException("step " + step + " gave " + value + " for " + text);
        }
    }
}
