using System.Globalization;
using CsCheck;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Tests.TestSupport;
using Xunit;
using Xunit.Sdk;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// Custom (non-library) schedules inside the combinators and <see cref="GroupScales"/>: a <see cref="HostileSchedule"/>
/// that returns NaN, an infinity, a negative value or -0 from some step on. Whatever reaches such a step must throw
/// <see cref="InvalidOperationException"/> naming the schedule, the (inner) step and the value, through every path
/// (construction, <c>GetLearningRate</c>, double and float spans); -0 must come out as +0; nothing else may change.
/// </summary>
public sealed class CustomSchedulePropertyTests
{
    private const long Iterations = 3_000;

    /// <summary>The contract-breaking values: NaN, both infinities, negative values (a tiny one too) and -0 (to be returned as +0).</summary>
    private static readonly Gen<double> BadValue = Gen.OneOf(
        Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(double.NegativeInfinity), Gen.Const(-1e-3), Gen.Const(-double.Epsilon), Gen.Const(-0.0));

    /// <summary>A hostile schedule: bad from a step near the start, or never within reach of the queries.</summary>
    private static readonly Gen<HostileSchedule> Hostile = Gen.Select(
        BadValue,
        Gen.Frequency((4, Gen.Long[0, 400]), (1, Gen.Const(long.MaxValue))),
        Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))),
        (bad, first, floatOnly) => new HostileSchedule(bad, first, floatOnly));

    /// <summary>
    /// One combinator around the hostile schedule, with the map from an outer step to the inner step it reads (or null),
    /// the inner steps its constructor reads, and whether a float span at an outer step reaches the inner schedule's float
    /// span (scale computes its float span from its double values; a shift past long.MaxValue reads the scalar value there).
    /// </summary>
    private sealed record Wrapper(string Name, Func<ILearningRateSchedule, ILearningRateSchedule> Build, Func<long, long?> Inner, long[] ReadAtConstruction, Func<long, bool> ForwardsFloatSpan);

    private static readonly Func<long, bool> Always = _ => true;

    private static readonly Gen<Wrapper> Wrappers = Gen.OneOf(
        Gen.Long[0, 300].Select(w => new Wrapper("warmup " + w, s => new WarmupSchedule(s, w, 0.01), k => k >= w ? k - w : null, [0], Always)),
        Gen.Long[0, 300].Select(h => new Wrapper("hold " + h, s => new HoldSchedule(s, h), k => k >= h ? k - h : null, [0], Always)),
        Gen.Frequency((4, Gen.Long[0, 300]), (1, Gen.Const(long.MaxValue - 100))).Select(o => new Wrapper(
            "shift " + o, s => new ShiftedSchedule(s, o), k => k > long.MaxValue - o ? long.MaxValue : k + o, [], k => k <= long.MaxValue - o)),
        Gen.Long[1, 300].Select(p => new Wrapper("sequence after " + p, s => new SequenceSchedule(new SchedulePhase(new CosineSchedule(0.1, 100), p), new SchedulePhase(s)), k => k >= p ? k - p : null, [], Always)),
        Gen.Long[1, 300].Select(p => new Wrapper("sequence before " + p, s => new SequenceSchedule(new SchedulePhase(s, p), new SchedulePhase(new ConstantSchedule(0.01))), k => k < p ? k : null, [], Always)),
        Gen.Double[0, 3].Select(f => new Wrapper("scale " + f.ToString("R", CultureInfo.InvariantCulture), s => new ScaledSchedule(s, f), k => k, [0], _ => false)),
        Gen.Const(new Wrapper("product (schedule)", s => new ProductSchedule(s, new CosineSchedule(1, 300, 0.5)), k => k, [0], _ => false)),
        Gen.Const(new Wrapper("product (multiplier)", s => new ProductSchedule(new ConstantSchedule(0.1), s), k => k, [0], _ => false)),
        Gen.Long[0, 300].Select(b => new Wrapper("fork_anneal " + b, s => ContinualPretraining.ForkAnneal(s, b, 50, 1e-4), k => k < b ? k : null, [b], Always)),
        Gen.Long[1, 300].Select(p => new Wrapper("extend_with_task " + p, s => ContinualPretraining.ExtendWithTask(s, p, 0.01, 40, 30, 1e-4), k => k < p ? k : null, [], Always)));

    /// <summary>Every combinator: exactly the evaluations that read a bad inner step throw, with the schedule, step and value in the message.</summary>
    [Fact]
    public void Combinators_reject_exactly_the_bad_values_of_a_custom_schedule_and_name_them()
    {
        Gen.Select(Hostile, Wrappers, Gen.Long[0, 700].Array[1, 8], Gen.Long[0, 700], Gen.Int[0, 80]).Sample(
            (hostile, wrapper, steps, first, length) =>
            {
                // Construction reads the inner schedule's first value (warmup, hold, scale) or its value at the branch step.
                long? badAtConstruction = wrapper.ReadAtConstruction.Where(hostile.IsBadStep).Cast<long?>().FirstOrDefault();
                ILearningRateSchedule? schedule = Expect(hostile, badAtConstruction, isFloat: false, () => wrapper.Build(hostile), "constructing " + wrapper.Name);
                if (schedule is null)
                {
                    return;
                }

                foreach (long step in steps)
                {
                    long? inner = wrapper.Inner(step);
                    double v = Expect(hostile, inner is long s && hostile.IsBadStep(s) ? s : null, isFloat: false, () => schedule.GetLearningRate(step), "GetLearningRate(" + step + ")");
                    AssertValid(v, "GetLearningRate(" + step + ")");
                }

                // The first inner step a span reads that is bad: spans are checked element by element, in order, and a -0
                // (also a negative value that a float rounds to -0) is returned as +0 instead.
                long? firstBadDouble = null, firstBadFloat = null;
                bool floatValue = false;
                for (long k = first; k < first + length; k++)
                {
                    if (wrapper.Inner(k) is long s)
                    {
                        firstBadDouble ??= hostile.IsBadStep(s) && hostile.Bad != 0 ? s : null;
                        bool forwarded = wrapper.ForwardsFloatSpan(k);
                        if (firstBadFloat is null && (forwarded ? s >= hostile.FirstBad && (float)hostile.Bad != 0 : hostile.IsBadStep(s) && hostile.Bad != 0))
                        {
                            firstBadFloat = s;
                            floatValue = forwarded;
                        }
                    }
                }

                // A float span from step 0 then writes step 0 as the scalar form rounds it (LearningRateSchedule.Evaluate),
                // which reads the inner schedule's double value there: a value bad only as a double (one that a float
                // rounds to -0) is then rejected too.
                if (firstBadFloat is null && first == 0 && length > 0 && wrapper.Inner(0) is long s0 && hostile.IsBadStep(s0) && hostile.Bad != 0)
                {
                    firstBadFloat = s0;
                    floatValue = false;
                }

                var doubles = new double[length];
                if (Expect(hostile, firstBadDouble, isFloat: false, () => { schedule.Evaluate(first, doubles); return true; }, "Evaluate(" + first + ", double[" + length + "])"))
                {
                    foreach (double v in doubles)
                    {
                        AssertValid(v, "Evaluate(" + first + ", double[" + length + "])");
                    }
                }

                var floats = new float[length];
                if (Expect(hostile, firstBadFloat, isFloat: floatValue, () => { schedule.Evaluate(first, floats); return true; }, "Evaluate(" + first + ", float[" + length + "])"))
                {
                    foreach (float v in floats)
                    {
                        AssertValid(v, "Evaluate(" + first + ", float[" + length + "])");
                    }
                }
            },
            iter: Iterations,
            print: t => t.Item1 + " in " + t.Item2.Name + " at steps [" + string.Join(", ", t.Item3) + "], span " + t.Item4 + " + " + t.Item5);
    }

    /// <summary>
    /// Custom schedules nested anywhere in random native compositions (see <see cref="ScheduleGenerators"/>): every
    /// evaluation either gives valid values (finite, &gt;= 0, not -0) or throws <see cref="InvalidOperationException"/>
    /// naming the custom schedule; never a bad value, never another exception.
    /// </summary>
    [Fact]
    public void Nested_compositions_with_custom_schedules_never_let_a_bad_value_out()
    {
        var leaf = Gen.Frequency((2, ScheduleGenerators.Leaf), (1, Hostile.Select(h => (ILearningRateSchedule)h)));
        Gen.Select(Compose(leaf, 3), ScheduleGenerators.Step.Array[1, 8], ScheduleGenerators.Step, Gen.Int[0, 40]).Sample(
            (build, steps, first, length) =>
            {
                ILearningRateSchedule? schedule;
                try
                {
                    schedule = build();
                    if (schedule is HostileSchedule)
                    {
                        // Not a composition: the custom schedule itself, which nothing checks.
                        return;
                    }
                }
                catch (InvalidOperationException ex)
                {
                    AssertNamesHostile(ex);
                    return;
                }
                catch (ArgumentException)
                {
                    // A random composition a constructor rejects (e.g. a scale that overflows): not what is tested here.
                    return;
                }

                foreach (long step in steps)
                {
                    Try(() => AssertValid(schedule.GetLearningRate(step), "GetLearningRate(" + step + ")"));
                }

                first = Math.Min(first, long.MaxValue - length);
                var doubles = new double[length];
                var floats = new float[length];
                Try(() =>
                {
                    schedule.Evaluate(first, doubles);
                    Array.ForEach(doubles, v => AssertValid(v, "Evaluate(double)"));
                });
                Try(() =>
                {
                    schedule.Evaluate(first, floats);
                    Array.ForEach(floats, v => AssertValid(v, "Evaluate(float)"));
                });
            },
            iter: Iterations,
            print: t => Describe(t.Item1) + " at steps [" + string.Join(", ", t.Item2) + "], span " + t.Item3 + " + " + t.Item4);
    }

    /// <summary>GroupScales validates the step before calling the schedule, and the value it returns; a -0 scale gives +0.</summary>
    [Fact]
    public void GroupScales_validates_the_step_and_the_custom_schedules_value()
    {
        Gen.Select(Hostile, Gen.Long[-5, 600], Gen.Frequency((9, Gen.Float[0, 2]), (1, Gen.Const(-0f))).Array[0, 40]).Sample(
            (hostile, step, scales) =>
            {
                var floats = new float[scales.Length];
                var doubles = new double[scales.Length];
                double[] wide = [.. scales.Select(x => (double)x)];
                if (step < 0)
                {
                    Assert.Throws<ArgumentOutOfRangeException>(() => GroupScales.Evaluate(hostile, step, scales, floats));
                    Assert.Throws<ArgumentOutOfRangeException>(() => GroupScales.Evaluate(hostile, step, wide, doubles));
                    Assert.Equal(0, hostile.Calls);
                    return;
                }

                long? bad = hostile.IsBadStep(step) ? step : null;
                if (Expect(hostile, bad, isFloat: false, () => { GroupScales.Evaluate(hostile, step, scales, floats); return true; }, "GroupScales.Evaluate(float)"))
                {
                    Array.ForEach(floats, v => AssertValid(v, "GroupScales.Evaluate(float)"));
                }

                if (Expect(hostile, bad, isFloat: false, () => { GroupScales.Evaluate(hostile, step, wide, doubles); return true; }, "GroupScales.Evaluate(double)"))
                {
                    Array.ForEach(doubles, v => AssertValid(v, "GroupScales.Evaluate(double)"));
                }
            },
            iter: Iterations,
            print: t => t.Item1 + " at step " + t.Item2 + " with " + t.Item3.Length + " groups");
    }

    /// <summary>
    /// Runs <paramref name="action"/>: when <paramref name="badStep"/> is set (and the bad value, as a double or, with
    /// <paramref name="isFloat"/>, as the float the schedule writes, is not -0, which is returned as +0), it must throw
    /// <see cref="InvalidOperationException"/> whose message names the schedule (type and <c>ToString</c>), the step and
    /// the value; otherwise it must not throw. Returns the result, or default after the expected exception.
    /// </summary>
    private static T? Expect<T>(HostileSchedule hostile, long? badStep, bool isFloat, Func<T> action, string what)
    {
        double value = isFloat ? (float)hostile.Bad : hostile.Bad;
        if (badStep is not long step || value == 0)
        {
            return action();
        }

        InvalidOperationException ex;
        try
        {
            action();
            throw new XunitException(what + " returned although it reads step " + step + " of " + hostile + "; expected InvalidOperationException.");
        }
        catch (InvalidOperationException caught)
        {
            ex = caught;
        }

        string shown = double.IsPositiveInfinity(value) ? "+inf" : double.IsNegativeInfinity(value) ? "-inf" : value.ToString("R", CultureInfo.InvariantCulture);
        foreach (string part in new[] { nameof(HostileSchedule), hostile.ToString(), " " + shown + " ", "at step " + step.ToString(CultureInfo.InvariantCulture) + ";" })
        {
            if (!ex.Message.Contains(part, StringComparison.Ordinal))
            {
                throw new XunitException(what + ": the message does not contain \"" + part + "\": " + ex.Message);
            }
        }

        return default;
    }

    private static string Describe(Func<ILearningRateSchedule> build)
    {
        try
        {
            return build().ToString() ?? "?";
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return "(construction throws " + ex.GetType().Name + ")";
        }
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (InvalidOperationException ex)
        {
            AssertNamesHostile(ex);
        }
    }

    private static void AssertNamesHostile(InvalidOperationException ex)
    {
        if (!ex.Message.Contains(nameof(HostileSchedule), StringComparison.Ordinal) || !ex.Message.Contains("at step ", StringComparison.Ordinal))
        {
            throw new XunitException("InvalidOperationException that does not name the custom schedule and step: " + ex.Message);
        }
    }

    private static void AssertValid(double v, string what)
    {
        if (!SchedulePropertyTests.IsValidRate(v))
        {
            throw new XunitException(what + " = " + SchedulePropertyTests.Show(v) + "; expected finite, >= 0 and not -0.");
        }
    }

    private static void AssertValid(float v, string what)
    {
        if (!SchedulePropertyTests.IsValidRate(v))
        {
            throw new XunitException(what + " = " + SchedulePropertyTests.Show(v) + " (float); expected finite, >= 0 and not -0.");
        }
    }

    /// <summary>Compositions (built lazily: constructors read their inner schedules, and may throw) over <paramref name="leaf"/>.</summary>
    private static Gen<Func<ILearningRateSchedule>> Compose(Gen<ILearningRateSchedule> leaf, int depth)
    {
        var leaves = leaf.Select(l => (Func<ILearningRateSchedule>)(() => l));
        if (depth == 0)
        {
            return leaves;
        }

        var inner = Compose(leaf, depth - 1);
        var steps = ScheduleGenerators.StepsOrZero;
        return Gen.Frequency(
            (3, leaves),
            (2, Gen.Select(inner, steps, ScheduleGenerators.Value, Gen.Enum<WarmupShape>(), (s, w, start, shape) => (Func<ILearningRateSchedule>)(() => new WarmupSchedule(s(), w, Math.Max(start, 1e-3), shape)))),
            (2, Gen.Select(inner.Select(steps).Array[0, 3], inner, (prefix, last) => (Func<ILearningRateSchedule>)(() => new SequenceSchedule(
                [.. prefix.Select(p => new SchedulePhase(p.Item1(), Math.Max(p.Item2, 1))), new SchedulePhase(last())])))),
            (1, Gen.Select(inner, steps, (s, h) => (Func<ILearningRateSchedule>)(() => new HoldSchedule(s(), h)))),
            (1, Gen.Select(inner, ScheduleGenerators.Value, (s, f) => (Func<ILearningRateSchedule>)(() => new ScaledSchedule(s(), f)))),
            (1, Gen.Select(inner, inner, (s, m) => (Func<ILearningRateSchedule>)(() => new ProductSchedule(s(), m())))),
            (1, Gen.Select(inner, steps, (s, o) => (Func<ILearningRateSchedule>)(() => new ShiftedSchedule(s(), o)))),
            (1, Gen.Select(inner, Gen.Long[0, 1_000], (s, b) => (Func<ILearningRateSchedule>)(() => ContinualPretraining.ForkAnneal(s(), b, 100, 1e-4)))));
    }
}
