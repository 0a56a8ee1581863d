using LrSchedules.Composition;
using LrSchedules.Schedules;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>keras.*</c>: Keras 3's <c>LearningRateSchedule</c> classes, taking their own constructor argument names, translated
/// to native schedules. The value at step <c>k</c> is <c>schedule(k)</c>.
/// </summary>
internal static class KerasSpecs
{
    private const long MaxSteps = long.MaxValue / 4;

    public static IEnumerable<SpecType> Types { get; } =
    [
        Keras("keras.ExponentialDecay", "Keras ExponentialDecay.", a => new ExponentialSchedule(
            Initial(a), a.Number("decay_rate", double.Epsilon, 1), a.Integer("decay_steps", 1, MaxSteps), 0, a.Boolean("staircase", false))),
        Keras("keras.PiecewiseConstantDecay", "Keras PiecewiseConstantDecay (keeps the old value at a boundary).", a =>
            a.Build(() => new PiecewiseConstantSchedule(a.IntegerArray("boundaries"), a.NumberArray("values"), BoundaryMode.SwitchAfter))),
        Keras("keras.PolynomialDecay", "Keras PolynomialDecay (with cycle).", a => new PolynomialSchedule(
            Initial(a), a.Number("end_learning_rate", 0.0001, 0, double.MaxValue), a.Integer("decay_steps", 1, MaxSteps), a.Number("power", 1.0, double.Epsilon, 1e9), 0, a.Boolean("cycle", false))),
        Keras("keras.InverseTimeDecay", "Keras InverseTimeDecay.", a => new InverseTimeSchedule(
            Initial(a), a.Number("decay_rate", 0, double.MaxValue), a.Integer("decay_steps", 1, MaxSteps), a.Boolean("staircase", false))),
        Keras("keras.CosineDecay", "Keras CosineDecay (alpha, optional linear warmup to warmup_target).", a =>
        {
            double init = Initial(a);
            long decaySteps = a.Integer("decay_steps", 1, MaxSteps);
            double alpha = a.Number("alpha", 0, 0, 1);
            double? target = a.NumberOrNull("warmup_target");
            long w = a.Integer("warmup_steps", 0, 0, MaxSteps);
            if (target is not double peak)
            {
                return new CosineSchedule(init, decaySteps, alpha * init);
            }

            if (!(peak >= 0))
            {
                throw new ScheduleSpecException(a.FieldPath("warmup_target"), "must be a finite number in [0, +inf).");
            }

            return new WarmupSchedule(new CosineSchedule(peak, decaySteps, alpha * peak), w, init);
        }),
        Keras("keras.CosineDecayRestarts", "Keras CosineDecayRestarts (t_mul, m_mul on the height above alpha).", a =>
        {
            double init = Initial(a);
            return new RestartsSchedule(
                init,
                a.Integer("first_decay_steps", 1, MaxSteps),
                a.Number("t_mul", 2.0, 1, 1e9),
                a.Number("m_mul", 1.0, 0, 1),
                a.Number("alpha", 0, 0, 1) * init,
                peakDecayMode: PeakDecayMode.Amplitude);
        }),
    ];

    private static SpecType Keras(string name, string description, Func<SpecObject, ILearningRateSchedule> build)
        => CompatSpec.ArgsOnly(name, description, a =>
        {
            var schedule = build(a);
            a.String("name", string.Empty);
            return schedule;
        });

    private static double Initial(SpecObject a) => a.Number("initial_learning_rate", 0, double.MaxValue);
}
