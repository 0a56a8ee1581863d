using LrSchedules.Internal;
using LrSchedules.Schedules;

namespace LrSchedules.Composition;

/// <summary>
/// Helpers for continual pre-training with schedules that never have to end (warmup-stable-decay, infinite): fork an
/// anneal branch at any step to get a finished model without restarting the main run, and extend a run by a new task
/// without re-warming. See <c>docs/continual-pretraining.md</c>.
/// </summary>
public static class ContinualPretraining
{
    /// <summary>
    /// The schedule of an anneal branch forked from <paramref name="schedule"/> at <paramref name="branchStep"/>: the
    /// original schedule for steps <c>[0, branchStep)</c>, then an <see cref="AnnealSchedule"/> from the original's value at
    /// <paramref name="branchStep"/> to <paramref name="finalValue"/> over <paramref name="annealSteps"/> steps, then
    /// <paramref name="finalValue"/> forever.
    /// </summary>
    /// <param name="schedule">The main run's schedule; not null.</param>
    /// <param name="branchStep">The step at which the branch leaves the main run; in <c>[0, long.MaxValue - annealSteps]</c>.</param>
    /// <param name="annealSteps">Length of the anneal; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="finalValue">Value the anneal reaches; finite, in <c>[0, +inf)</c> (<c>(0, +inf)</c> for the geometric shape).</param>
    /// <param name="shape">The anneal curve. Default <see cref="DecayShape.Linear"/>.</param>
    /// <returns>The branch's schedule; equal to the main run before <paramref name="branchStep"/> (whose values, for a custom
    /// <paramref name="schedule"/>, are checked as in <see cref="SequenceSchedule"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="InvalidOperationException">A custom <paramref name="schedule"/> returned NaN, an infinity or a negative value at <paramref name="branchStep"/>.</exception>
    public static ILearningRateSchedule ForkAnneal(ILearningRateSchedule schedule, long branchStep, long annealSteps, double finalValue, DecayShape shape = DecayShape.Linear)
    {
        Guard.NotNull(schedule, nameof(schedule));
        Guard.Positive(annealSteps, nameof(annealSteps));
        Guard.InRange(branchStep, 0, long.MaxValue - annealSteps, nameof(branchStep));
        double from = InnerSchedule.GetLearningRate(schedule, branchStep);
        if (shape == DecayShape.Exponential && from == 0)
        {
            throw Guard.Invalid(nameof(schedule), "must be above 0 at branchStep for a geometric (exponential) anneal; its value at step " + Guard.Format(branchStep) + " is 0.");
        }

        var anneal = new AnnealSchedule(from, finalValue, annealSteps, shape);
        return branchStep == 0 ? anneal : new SequenceSchedule(new SchedulePhase(schedule, branchStep), new SchedulePhase(anneal));
    }

    /// <summary>
    /// Extends a run by a new task without re-warming: <paramref name="schedule"/> for its first
    /// <paramref name="previousSteps"/> steps, then the continuing infinite schedule of the new task (its constant value
    /// for <paramref name="constantSteps"/> steps, then the anneal to <paramref name="finalValue"/>).
    /// </summary>
    /// <param name="schedule">The schedule of the run so far; not null.</param>
    /// <param name="previousSteps">Steps of the run so far; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="constantValue">The new task's constant value (usually the previous task's); finite, in <c>[0, +inf)</c>.</param>
    /// <param name="constantSteps">Length of the new task's constant phase; in <c>[1, long.MaxValue]</c>, or null to stay constant.</param>
    /// <param name="annealSteps">Length of the new task's anneal; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="finalValue">Value the anneal reaches; finite, in <c>(0, +inf)</c> for the geometric anneal.</param>
    /// <returns>The extended schedule (a <see cref="SequenceSchedule"/>, which checks the values of a custom <paramref name="schedule"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static SequenceSchedule ExtendWithTask(ILearningRateSchedule schedule, long previousSteps, double constantValue, long? constantSteps, long annealSteps, double finalValue)
    {
        Guard.NotNull(schedule, nameof(schedule));
        Guard.Positive(previousSteps, nameof(previousSteps));
        var next = InfiniteSchedule.Continuing(constantValue, constantSteps, annealSteps, finalValue);
        return new SequenceSchedule(new SchedulePhase(schedule, previousSteps), new SchedulePhase(next));
    }
}
