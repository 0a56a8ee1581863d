using System.Globalization;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>mlnet.*</c>: ML.NET's LearningRateScheduler decays (float32), taking the framework's own argument names, translated to native schedules.
/// </summary>
/// <remarks>
/// ML.NET's trainer asks <c>GetLearningRate(state)</c> before each batch, with <c>CurrentEpoch = e</c> and
/// <c>CurrentBatchIndex</c> counting the batches of the epoch from 0, so its global step
/// <c>CurrentEpoch * BatchesPerEpoch + CurrentBatchIndex</c> is the optimizer step <c>k</c>. Every float argument is read
/// from its JSON text straight into a <see cref="float"/> (as the C# literal <c>0.01f</c> is), and the decays run in
/// float32 (<see cref="Arithmetic.SinglePrecision"/>) in ML.NET's operation order; <c>LsrDecay</c> is piecewise constant per epoch,
/// its float32 values computed here as ML.NET computes them.
/// </remarks>
internal static class MlnetSpecs
{
    private static readonly (int Epoch, float ScalingFactor)[] DefaultLsrSchedule = [(182, 0.0001f), (136, 0.01f), (91, 0.1f), (0, 1.0f)];

    public static IEnumerable<SpecType> Types { get; } =
    [
        CompatSpec.ArgsOnly("mlnet.ExponentialLRDecay", "ML.NET ExponentialLRDecay (float32; decay steps from numEpochsPerDecay, BatchSize, BatchesPerEpoch).", a =>
        {
            float learningRate = Single(a, "learningRate", 0.01f, 0);
            float epochs = Single(a, "numEpochsPerDecay", 2.0f, float.Epsilon);
            float decayRate = Single(a, "decayRate", 0.94f, float.Epsilon, 1);
            bool staircase = a.Boolean("staircase", true);
            long decaySteps = DecaySteps(a, epochs);
            return new ExponentialSchedule(learningRate, decayRate, decaySteps, 0, staircase, null, Arithmetic.SinglePrecision);
        }),
        CompatSpec.ArgsOnly("mlnet.PolynomialLRDecay", "ML.NET PolynomialLRDecay (float32, optional cycle; decay steps from numEpochsPerDecay, BatchSize, BatchesPerEpoch).", a =>
        {
            float learningRate = Single(a, "learningRate", 0.01f, 0);
            float epochs = Single(a, "numEpochsPerDecay", 2.0f, float.Epsilon);
            float end = Single(a, "endLearningRate", 0.0001f, 0);
            float power = Single(a, "power", 1.0f, float.Epsilon, 1e9);
            bool cycle = a.Boolean("cycle", false);
            long decaySteps = DecaySteps(a, epochs);
            return new PolynomialSchedule(learningRate, end, decaySteps, power, 0, cycle, Arithmetic.SinglePrecision);
        }),
        CompatSpec.ArgsOnly("mlnet.LsrDecay", "ML.NET LsrDecay (linear scaling rule: baseLearningRate * BatchSize / 128, scaled per epoch by lrschedule; float32).", a =>
        {
            float baseLearningRate = Single(a, "baseLearningRate", 0.1f, 0);
            (int Epoch, float ScalingFactor)[] schedule = a.Has("lrschedule")
                ? [.. a.ObjectArray("lrschedule", item =>
                {
                    var entry = ((int)item.Integer("epoch", int.MinValue, int.MaxValue), Single(item, "scalingfactor", null, 0));
                    item.EnsureNoUnknownFields();
                    return entry;
                })]
                : DefaultLsrSchedule;
            var (batchSize, batchesPerEpoch) = TrainState(a);
            return Lsr(a, baseLearningRate, schedule, batchSize, batchesPerEpoch);
        }),
    ];

    /// <summary>
    /// A float argument: range-checked as a number, then read from its JSON text straight into a <see cref="float"/>
    /// (round to nearest), as C# reads the literal. Required when <paramref name="defaultValue"/> is null.
    /// </summary>
    private static float Single(SpecObject a, string name, float? defaultValue, double min, double max = float.MaxValue)
    {
        double value = defaultValue is float d ? a.Number(name, d, min, max) : a.Number(name, min, max);
        return a.Has(name) ? a.Raw(name).GetSingle() : (float)value;
    }

    /// <summary>The trainer state's <c>BatchSize</c> and <c>BatchesPerEpoch</c> (ints whose product, the samples per epoch, is an int).</summary>
    private static (int BatchSize, int BatchesPerEpoch) TrainState(SpecObject a)
    {
        int batchSize = (int)a.Integer("BatchSize", 1, int.MaxValue);
        int batchesPerEpoch = (int)a.Integer("BatchesPerEpoch", 1, int.MaxValue);
        if ((long)batchSize * batchesPerEpoch > int.MaxValue)
        {
            throw new ScheduleSpecException(a.FieldPath("BatchesPerEpoch"), "BatchSize * BatchesPerEpoch (the samples per epoch, an int in ML.NET) must be at most " + int.MaxValue + "; got " + ((long)batchSize * batchesPerEpoch) + ".");
        }

        return (batchSize, batchesPerEpoch);
    }

    /// <summary>ML.NET's <c>DecaySteps = (int)(numSamplesPerEpoch * NumEpochsPerDecay / BatchSize)</c>, in float32.</summary>
    private static long DecaySteps(SpecObject a, float epochs)
    {
        var (batchSize, batchesPerEpoch) = TrainState(a);
        int samplesPerEpoch = batchSize * batchesPerEpoch;
        float steps = samplesPerEpoch * epochs / batchSize;
        if (!(steps >= 1 && steps < int.MaxValue))
        {
            throw new ScheduleSpecException(a.FieldPath("numEpochsPerDecay"), "must give a decay step count (int)(BatchSize * BatchesPerEpoch * numEpochsPerDecay / BatchSize) in [1, " + int.MaxValue + "] (ML.NET divides by it); got " + steps.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        return (int)steps;
    }

    /// <summary>
    /// LsrDecay: <c>(baseLearningRate * BatchSize / 128) * multiplier(epoch)</c> in float32, the multiplier the scaling factor
    /// of the first <c>lrschedule</c> entry (in list order) with <c>epoch &gt;= entry.epoch</c>, else 1. Piecewise constant
    /// per epoch, changing only at entries' epochs, so it is a piecewise-constant schedule over steps
    /// <c>epoch * BatchesPerEpoch</c>.
    /// </summary>
    private static ILearningRateSchedule Lsr(SpecObject a, float baseLearningRate, (int Epoch, float ScalingFactor)[] schedule, int batchSize, int batchesPerEpoch)
    {
        float initial = baseLearningRate * batchSize / 128;
        if (!float.IsFinite(initial))
        {
            throw new ScheduleSpecException(a.FieldPath("baseLearningRate"), "baseLearningRate * BatchSize / 128 must be a finite float; got +inf.");
        }

        float At(long epoch)
        {
            foreach (var (e, factor) in schedule)
            {
                if (epoch >= e)
                {
                    float v = initial * factor;
                    return float.IsFinite(v) ? v : throw new ScheduleSpecException(a.FieldPath("lrschedule"), "baseLearningRate * BatchSize / 128 * scalingfactor must be a finite float; got +inf.");
                }
            }

            return initial * 1.0f;
        }

        long[] epochs = [.. schedule.Select(s => (long)s.Epoch).Where(e => e > 0).Distinct().Order()];
        if (epochs.Length == 0)
        {
            return new ConstantSchedule(At(0));
        }

        double[] values = [At(0), .. epochs.Select(e => (double)At(e))];
        return new PiecewiseConstantSchedule(epochs.Select(e => e * batchesPerEpoch), values);
    }
}
