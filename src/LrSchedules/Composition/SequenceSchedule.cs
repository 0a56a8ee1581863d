using LrSchedules.Internal;

namespace LrSchedules.Composition;

/// <summary>
/// Schedules run one after another, each with its own clock that starts at 0 when its phase begins (optax
/// <c>join_schedules</c>, expressed with phase lengths instead of absolute boundaries).
/// </summary>
/// <remarks>
/// <para>Phase <c>i</c> covers steps <c>[B_i, B_i + Steps_i)</c> with <c>B_0 = 0</c> and <c>B_{i+1} = B_i + Steps_i</c>;
/// <c>lr(step) = Phases[i].Schedule(step - B_i)</c>. At a boundary the next phase's value applies.</para>
/// <para>The last phase has no length and runs forever, so past all boundaries its own horizon rules apply. Values of a
/// custom (non-library) phase schedule are checked: NaN, an infinity or a negative value throws
/// <see cref="InvalidOperationException"/> naming it, the step (on its own clock) and the value. Immutable and
/// thread-safe if the phases are. Spec type: <c>sequence</c>.</para>
/// </remarks>
public sealed record SequenceSchedule : LearningRateSchedule
{
    /// <summary>Creates a sequence.</summary>
    /// <param name="phases">The phases, at least one; every phase but the last has a length, the last has none, and the total length of the finite phases is at most <c>long.MaxValue</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="phases"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">The phases are empty, a finite phase has no length, the last phase has one, or the lengths overflow.</exception>
    public SequenceSchedule(IEnumerable<SchedulePhase> phases)
    {
        Phases = new EquatableArray<SchedulePhase>(Guard.NotNull(phases, nameof(phases)));
        if (Phases.Count == 0)
        {
            throw Guard.Invalid(nameof(phases), "must contain at least one phase; got none.");
        }

        var starts = new long[Phases.Count];
        long start = 0;
        for (int i = 0; i < Phases.Count; i++)
        {
            var phase = Phases[i] ?? throw new ArgumentNullException(nameof(phases), "phases must not contain null.");
            starts[i] = start;
            bool last = i == Phases.Count - 1;
            if (last && phase.Steps is not null)
            {
                throw Guard.Invalid(nameof(phases), "must end with an open-ended phase (no steps), because the last phase runs forever; the last phase has steps = " + Guard.Format(phase.Steps.Value) + ".");
            }

            if (!last)
            {
                long steps = phase.Steps ?? throw Guard.Invalid(nameof(phases), "must give steps for every phase but the last; phase " + i + " has none.");
                if (steps > long.MaxValue - start)
                {
                    throw Guard.Invalid(nameof(phases), "must have a total length of at most long.MaxValue steps.");
                }

                start += steps;
            }
        }

        PhaseStarts = new EquatableArray<long>(starts);
    }

    /// <summary>Creates a sequence from phases given as arguments.</summary>
    /// <param name="phases">The phases; see <see cref="SequenceSchedule(IEnumerable{SchedulePhase})"/>.</param>
    public SequenceSchedule(params SchedulePhase[] phases)
        : this((IEnumerable<SchedulePhase>)phases)
    {
    }

    /// <summary>The phases in order.</summary>
    public EquatableArray<SchedulePhase> Phases { get; }

    /// <summary>The first step of each phase: <c>B_i</c>.</summary>
    public EquatableArray<long> PhaseStarts { get; }

    /// <summary>Finds the phase of <paramref name="step"/> and the step on that phase's own clock.</summary>
    /// <param name="step">A step, <c>&gt;= 0</c>.</param>
    /// <returns>The phase index and the local step.</returns>
    public (int Phase, long LocalStep) Locate(long step)
    {
        Guard.Step(step);
        var starts = PhaseStarts.AsSpan();
        int i = Numerics.UpperBound(starts, step) - 1;
        return (i, step - starts[i]);
    }

    private protected override void AddPhaseBoundaries(Int128 origin, long min, long max, SortedSet<long> boundaries)
    {
        var starts = PhaseStarts.AsSpan();
        for (int i = 0; i < starts.Length && origin + starts[i] <= max; i++)
        {
            long? end = i + 1 < starts.Length ? starts[i + 1] : null;
            if (i == 0)
            {
                AddNested(Phases[0].Schedule, origin, origin + 1, end is long e ? origin + e - 1 : max, min, max, boundaries);
            }
            else
            {
                AddPhase(origin, starts[i], end, Phases[i].Schedule, min, max, boundaries);
            }
        }
    }

    internal override double ValueAt(long step)
    {
        var (phase, local) = Locate(step);
        return InnerSchedule.GetLearningRate(Phases[phase].Schedule, local);
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSegments(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSegments(firstStep, destination);

    private void EvaluateSegments<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        int done = 0;
        while (done < destination.Length)
        {
            long step = firstStep + done;
            var (phase, local) = Locate(step);
            int n = phase + 1 < PhaseStarts.Count
                ? Segments.LengthBefore(step, PhaseStarts[phase + 1], destination.Length - done)
                : destination.Length - done;
            Segments.Evaluate(Phases[phase].Schedule, local, destination.Slice(done, n));
            done += n;
        }
    }
}
