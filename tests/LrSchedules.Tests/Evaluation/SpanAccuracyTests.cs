using System.Globalization;
using LrSchedules.Composition;
using LrSchedules.Schedules;
using LrSchedules.Specs;
using LrSchedules.Torch;
using LrSchedules.Tests.TestSupport;
using MathNet.Numerics;
using Xunit;
using Xunit.Sdk;

namespace LrSchedules.Tests.Evaluation;

/// <summary>
/// The span accuracy contract: <c>Evaluate</c> into <see cref="double"/> within 4 ULP of <c>GetLearningRate</c>, into
/// <see cref="float"/> within 4 ULP of <c>(float)GetLearningRate</c>, exactly equal at phase boundaries; every span length
/// 0..257 (every vector width and tail) at fixed-seed random first steps and across every phase boundary.
/// </summary>
public sealed class SpanAccuracyTests
{
    private const int MaxLength = 257;

    public static TheoryData<string> Names => new(Cases.Keys);

    /// <summary>The cases, by name: a schedule and its phase boundaries (also run at every SIMD level by <see cref="SpanLevelChecks"/>).</summary>
    internal static IReadOnlyDictionary<string, (ILearningRateSchedule Schedule, long[] Boundaries)> AllCases => Cases;

    private static readonly Dictionary<string, (ILearningRateSchedule Schedule, long[] Boundaries)> Cases = new(StringComparer.Ordinal)
    {
        ["constant"] = (new ConstantSchedule(0.1), []),
        ["cosine"] = (new CosineSchedule(0.1, 5_000, finalValue: 0), [5_000]),
        ["cosine-floor-exp"] = (new CosineSchedule(0.3, 777, finalValue: 1e-3, exponent: 1.5), [777]),
        ["cosine-periodic"] = (new CosineSchedule(0.1, 600, cycles: 1.5, periodic: true), []),
        ["linear"] = (new LinearSchedule(0.1, 0.001, 3_000, transitionBegin: 40), [40, 3_040]),
        ["anneal-linear"] = (new AnnealSchedule(0.1, 0, 2_000), [2_000]),
        ["anneal-cosine"] = (new AnnealSchedule(0.1, 0, 2_001, DecayShape.Cosine), [2_001]),
        ["anneal-1-sqrt"] = (new AnnealSchedule(0.1, 0.002, 1_500, DecayShape.OneMinusSqrt), [1_500]),
        ["anneal-geometric"] = (new AnnealSchedule(0.1, 1e-4, 1_000, DecayShape.Exponential), [1_000]),
        ["anneal-half-life"] = (new AnnealSchedule(0.1, 1e-3, 1_000, DecayShape.Exponential, halfLife: 100), [1_000]),
        ["anneal-power"] = (new AnnealSchedule(0.1, 0, 1_000, DecayShape.Power, power: 2.5), [1_000]),
        ["anneal-inverse-sqrt"] = (new AnnealSchedule(0.1, 0.01, 1_000, DecayShape.InverseSqrt), [1_000]),
        ["polynomial"] = (new PolynomialSchedule(0.1, 0.001, 1_000, power: 2, transitionBegin: 10), [10, 1_010]),
        ["polynomial-cycle"] = (new PolynomialSchedule(0.1, 0.001, 300, power: 0.5, cycle: true), [300, 600]),
        ["polynomial-linear"] = (new PolynomialSchedule(0.1, 0.01, 77), [77]),
        ["polynomial-cubic-cycle"] = (new PolynomialSchedule(0.1, 0, 64, power: 3, transitionBegin: 5, cycle: true), [5, 69, 133]),
        ["polynomial-quartic"] = (new PolynomialSchedule(0.3, 1e-3, 1_000, power: 4), [1_000]),
        ["polynomial-sqrt"] = (new PolynomialSchedule(0.1, 1e-4, 401, power: 0.5, transitionBegin: 150), [150, 551]),
        ["polynomial-fractional-power"] = (new PolynomialSchedule(0.1, 1e-5, 600, power: 2.7, cycle: true), [600, 1_200]),
        ["polynomial-large-power"] = (new PolynomialSchedule(0.5, 0, 3_000, power: 37.25, transitionBegin: 7), [7, 3_007]),
        ["exponential"] = (new ExponentialSchedule(0.1, 0.96, 100, transitionBegin: 5), [5]),
        ["exponential-staircase"] = (new ExponentialSchedule(0.1, 0.5, 100, staircase: true, endValue: 1e-3), [100, 200]),
        ["exponential-floor"] = (new ExponentialSchedule(0.1, 0.9, 7, transitionBegin: 3, endValue: 2e-3), [3]),
        ["exponential-growth-cap"] = (new ExponentialSchedule(1e-4, 1.5, 13, transitionBegin: 200, endValue: 0.5), [200]),
        ["exponential-staircase-growth"] = (new ExponentialSchedule(1e-3, 2, 3, transitionBegin: 1, staircase: true, endValue: 0.3), [1, 4, 7]),
        ["exponential-zero"] = (new ExponentialSchedule(0, 0.5, 10, transitionBegin: 2, endValue: 1e-3), [2]),
        ["inverse-sqrt"] = (new InverseSqrtSchedule(0.1, 1_000), []),
        ["inverse-time"] = (new InverseTimeSchedule(0.1, 0.5, 100), []),
        ["inverse-sqrt-shift"] = (new InverseSqrtSchedule(0.3, 250, shift: 0.5), []),
        ["inverse-time-staircase"] = (new InverseTimeSchedule(0.1, 2.5, 7, staircase: true), [7, 14]),
        ["step"] = (new StepSchedule(0.1, 100, 0.5), [100, 200]),
        ["multi-step"] = (new MultiStepSchedule(0.1, [30, 80, 80, 200], 0.1), [30, 80, 200]),
        ["piecewise-constant"] = (new PiecewiseConstantSchedule([10, 100], [0.1, 0.01, 0.001], BoundaryMode.SwitchAfter), [11, 101]),
        ["warmup-cosine"] = (new WarmupSchedule(new CosineSchedule(0.1, 9_000), 1_000), [1_000, 10_000]),
        ["warmup-exponential"] = (new WarmupSchedule(new CosineSchedule(0.1, 900, 1e-5), 700, 1e-5, WarmupShape.Exponential), [700, 1_600]),
        ["warmup-1-sqrt"] = (new WarmupSchedule(new LinearSchedule(0.1, 0.001, 500), 333, 1e-3, WarmupShape.OneMinusSqrt), [333, 833]),
        ["warmup-cosine-shape"] = (new WarmupSchedule(new CosineSchedule(0.1, 900, 1e-5), 100, 1e-6, WarmupShape.Cosine), [100, 1_000]),
        ["sequence"] = (new SequenceSchedule(new SchedulePhase(new LinearSchedule(0, 0.1, 100), 100), new SchedulePhase(new ConstantSchedule(0.1), 200), new SchedulePhase(new CosineSchedule(0.1, 500))), [100, 300, 800]),
        ["restarts-sgdr"] = (new RestartsSchedule(0.1, 100, periodMultiplier: 2, floorValue: 1e-4), [100, 300, 700, 1_500]),
        ["restarts-decay-warmup"] = (new RestartsSchedule(0.1, 150, peakDecay: 0.5, cycleLimit: 4, cycleWarmupSteps: 10), [150, 300, 450, 600]),
        ["restarts-fractional"] = (new RestartsSchedule(0.1, 99.5, periodMultiplier: 1.5), []),
        ["wsd"] = (new WarmupStableDecaySchedule(0.1, 100, 500, 300), [100, 600, 900]),
        ["wsd-1-sqrt"] = (new WarmupStableDecaySchedule(0.1, 100, 500, 300, decayShape: DecayShape.OneMinusSqrt), [100, 600, 900]),
        ["infinite"] = (new InfiniteSchedule(0.1, 100, 300, 0.02, 400, 200, 1e-4), [100, 400, 800, 1_000]),
        ["one-cycle-linear-fractional"] = (new OneCycleSchedule(0.2, 777, pctStart: 0.33, anneal: Interpolation.Linear), []),
        ["cyclic-triangular"] = (new CyclicSchedule(1e-3, 0.1, 40, 25), [40, 65, 105]),
        ["cyclic-triangular2"] = (new CyclicSchedule(1e-3, 0.1, 30, mode: CyclicMode.Triangular2), [30, 60, 90]),
        ["cyclic-exp-range"] = (new CyclicSchedule(1e-3, 0.1, 30, mode: CyclicMode.ExpRange, gamma: 0.999), [30, 60]),
        ["piecewise-linear"] = (new PiecewiseInterpolationSchedule([20, 100, 101, 400], [0.0, 0.1, 0.05, 1e-4]), [20, 100, 101, 400]),
        ["piecewise-cosine"] = (new PiecewiseInterpolationSchedule([0, 64, 333, 1_000], [1e-3, 0.1, 0.02, 0.0], Interpolation.Cosine), [64, 333, 1_000]),
        ["one-cycle"] = (new OneCycleSchedule(0.1, 1_000), []),
        ["one-cycle-3-linear"] = (new OneCycleSchedule(0.1, 1_000, anneal: Interpolation.Linear, threePhase: true), []),
        ["one-cycle-3-cosine"] = (new OneCycleSchedule(0.1, 1_000, pctStart: 0.25, threePhase: true), []),
        ["cosine-exp-cycles"] = (new CosineSchedule(0.2, 1_000, finalValue: 1e-4, exponent: 0.7, cycles: 2.5), [1_000]),
        ["cosine-periodic-exp"] = (new CosineSchedule(0.2, 333, finalValue: 2e-3, exponent: 3, cycles: 4, periodic: true), []),
        ["cyclic-triangular-b"] = (new CyclicSchedule(0.01, 0.1, 70, 130), []),
        ["cyclic-triangular2-b"] = (new CyclicSchedule(0.01, 0.1, 50, mode: CyclicMode.Triangular2), []),
        ["cyclic-exp-range-b"] = (new CyclicSchedule(0.01, 0.1, 40, 90, CyclicMode.ExpRange, gamma: 0.999), []),
        ["piecewise-interpolation-linear"] = (new PiecewiseInterpolationSchedule([0, 100, 350, 1_000], [0, 0.1, 0.05, 1e-4]), [100, 350, 1_000]),
        ["piecewise-interpolation-cosine"] = (new PiecewiseInterpolationSchedule([-50, 100, 350, 1_000], [0.02, 0.1, 0.05, 1e-4], Interpolation.Cosine), [100, 350, 1_000]),
        ["polynomial-power-1"] = (new PolynomialSchedule(0.1, 0.002, 1_234), [1_234]),
        ["polynomial-power-frac"] = (new PolynomialSchedule(0.1, 1e-5, 999, power: 1.7, transitionBegin: 3), [3, 1_002]),
        ["polynomial-cycle-2"] = (new PolynomialSchedule(0.1, 0, 250, power: 2, cycle: true), [250, 500, 750]),
        ["exponential-growth-capped"] = (new ExponentialSchedule(1e-3, 1.05, 10, endValue: 0.1), []),
        ["inverse-time-staircase-b"] = (new InverseTimeSchedule(0.1, 0.5, 100, staircase: true), [100, 200, 300]),
        ["inverse-sqrt-shift-b"] = (new InverseSqrtSchedule(0.1, 1_000, 10), []),
        ["step-gamma-0"] = (new StepSchedule(0.1, 100, 0), [100]),
        ["multi-step-empty"] = (new MultiStepSchedule(0.1, [], 0.1), []),
        ["piecewise-constant-switch-at"] = (new PiecewiseConstantSchedule([10, 100], [0.1, 0.01, 0.001]), [10, 100]),
        ["warmup-exponential-b"] = (new WarmupSchedule(new CosineSchedule(0.1, 900, 1e-5), 100, 1e-5, WarmupShape.Exponential), [100, 1_000]),
        ["warmup-1-sqrt-b"] = (new WarmupSchedule(new LinearSchedule(0.1, 0, 900), 100, 0.001, WarmupShape.OneMinusSqrt), [100, 1_000]),
        ["warmup-0-steps"] = (new WarmupSchedule(new ExponentialSchedule(0.1, 0.9, 50), 0), []),
        ["hold"] = (new HoldSchedule(new CosineSchedule(0.1, 1_000, 1e-3), 300), [300, 1_300]),
        ["scaled"] = (new ScaledSchedule(new RestartsSchedule(0.1, 100, periodMultiplier: 2), 0.37), [100, 300, 700]),
        // Shifted by 250: the warmup (inner 100) ends before outer step 0; the cosine ends at inner 1,000 = outer 750.
        ["shifted"] = (new ShiftedSchedule(new WarmupSchedule(new CosineSchedule(0.1, 900), 100), 250), [750]),
        ["shifted-near-max"] = (new ShiftedSchedule(new LinearSchedule(0.1, 0.001, 1_000), long.MaxValue - 2_000), [long.MaxValue - 2_000, long.MaxValue - 1_000]),
        ["sequence-nested"] = (new SequenceSchedule(new SchedulePhase(new WarmupSchedule(new ConstantSchedule(0.1), 50), 120), new SchedulePhase(new AnnealSchedule(0.1, 1e-3, 400, DecayShape.Exponential), 400), new SchedulePhase(new CyclicSchedule(1e-3, 0.01, 30))), [50, 120, 520]),
        ["restarts-power"] = (new RestartsSchedule(0.1, 200, shape: CycleShape.Power, power: 1.5, floorValue: 1e-3), [200, 400, 600]),
        ["restarts-tanh"] = (new RestartsSchedule(0.1, 150, periodMultiplier: 1.5, shape: CycleShape.Tanh, tanhLower: -6, tanhUpper: 4), [150]),
        ["restarts-k-decay"] = (new RestartsSchedule(0.1, 120, kDecay: 2.5, peakDecay: 0.8, peakDecayMode: PeakDecayMode.Amplitude, floorValue: 1e-3, cycleWarmupSteps: 5, cycleWarmupStart: 1e-3), [120, 240, 360]),
        ["restarts-limit-power-kdecay"] = (new RestartsSchedule(0.1, 100, periodMultiplier: 2, cycleLimit: 3, shape: CycleShape.Power, power: 0.5, kDecay: 0.5), [100, 300, 700]),
        ["wsd-cosine-warmup-geometric"] = (new WarmupStableDecaySchedule(0.1, 100, 300, 400, finalValue: 1e-4, warmupShape: WarmupShape.Cosine, decayShape: DecayShape.Exponential), [100, 400, 800]),
        ["wsd-exp-warmup-power-timescale"] = (new WarmupStableDecaySchedule(0.1, 100, 300, 400, finalValue: 1e-3, warmupShape: WarmupShape.Exponential, warmupStartValue: 1e-4, decayShape: DecayShape.Power, decayPower: 2.5, stableTimescale: 500), [100, 400, 800]),
        ["wsd-half-life"] = (new WarmupStableDecaySchedule(0.1, 64, 128, 512, finalValue: 1e-3, decayShape: DecayShape.Exponential, decayHalfLife: 70), [64, 192, 704]),
        ["wsd-inverse-sqrt"] = (new WarmupStableDecaySchedule(0.1, 64, 128, 512, finalValue: 1e-3, decayShape: DecayShape.InverseSqrt), [64, 192, 704]),
        ["infinite-forever"] = (new InfiniteSchedule(0.1, 100, 300, 0.02, null, 200, 1e-4, DecayShape.InverseSqrt), [100, 400]),
        ["infinite-shapes"] = (new InfiniteSchedule(0.1, 64, 200, 0.03, 300, 250, 1e-3, DecayShape.OneMinusSqrt, annealShape: DecayShape.Cosine, warmupStartValue: 1e-3), [64, 264, 564, 814]),
        ["infinite-continuing"] = (InfiniteSchedule.Continuing(0.02, 300, 400, 1e-4), [300, 700]),
        ["infinite-continuing-forever"] = (InfiniteSchedule.Continuing(0.02, null, 400, 1e-4, DecayShape.Linear), []),
        ["cpt-fork-anneal"] = (ContinualPretraining.ForkAnneal(new InfiniteSchedule(0.1, 100, 300, 0.02, null, 200, 1e-4), 700, 500, 1e-4, DecayShape.OneMinusSqrt), [100, 400, 700, 1_200]),
        ["cpt-extend-with-task"] = (ContinualPretraining.ExtendWithTask(new WarmupStableDecaySchedule(0.1, 100, 300, 200), 600, 0.05, 400, 300, 1e-4), [100, 400, 600, 1_000, 1_300]),
        ["plateau"] = (new PlateauSchedule(0.1, [5, 4, 4.5, 4.2, 4.1, 4.3, 4.4, 4.25, 4.3, 4.4, 4.5, 4.6], patience: 2, cooldown: 1, minValue: 1e-4), []),
        ["plateau-spec"] = (ScheduleSpec.Parse("""{"type":"plateau","initial_value":0.1,"mode":"max","factor":0.5,"patience":1,"threshold_mode":"abs"}""", [0.1, 0.2, 0.2, 0.2, 0.25, 0.2, 0.2, 0.2]), []),
        ["torch-cosine-annealing"] = (ScheduleSpec.Parse("""{"type":"torch.CosineAnnealingLR","lr":0.1,"args":{"T_max":100,"eta_min":0.001}}"""), []),
        ["torch-warm-restarts"] = (ScheduleSpec.Parse("""{"type":"torch.CosineAnnealingWarmRestarts","lr":0.2,"args":{"T_0":7,"T_mult":2,"eta_min":0.001}}"""), []),
        ["torch-one-cycle"] = (ScheduleSpec.Parse("""{"type":"torch.OneCycleLR","lr":0.1,"args":{"max_lr":0.1,"total_steps":300,"cycle_momentum":false}}"""), []),
        ["torch-cyclic"] = (ScheduleSpec.Parse("""{"type":"torch.CyclicLR","lr":0.1,"args":{"base_lr":0.01,"max_lr":0.1,"step_size_up":13,"mode":"exp_range","gamma":0.99,"cycle_momentum":false}}"""), []),
        ["torch-polynomial"] = (ScheduleSpec.Parse("""{"type":"torch.PolynomialLR","lr":0.1,"args":{"total_iters":80,"power":0.5}}"""), []),
        ["torch-sequential"] = (ScheduleSpec.Parse("""{"type":"torch.SequentialLR","lr":0.1,"args":{"schedulers":[{"type":"torch.LinearLR","args":{}},{"type":"torch.ExponentialLR","args":{"gamma":0.99}}],"milestones":[5]}}"""), []),
        ["torch-plateau"] = (ScheduleSpec.Parse("""{"type":"torch.ReduceLROnPlateau","lr":0.1,"args":{"patience":1}}""", [3, 2, 2, 2, 2, 1, 1, 1]), []),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_length_within_4_ulp_and_exact_at_boundaries(string name)
    {
        var (schedule, boundaries) = Cases[name];
        var random = new Random(20250605 + name.Length);
        var firsts = new SortedSet<long> { 0, 1 };
        for (int k = 0; k < 4; k++)
        {
            // TorchSchedule.GetLearningRate replays PyTorch's step() and costs O(step) by design: keep its steps small.
            firsts.Add(random.NextInt64(0, schedule is TorchSchedule ? 300 : 20_000));
        }

        foreach (long b in boundaries)
        {
            firsts.Add(Math.Max(0, b - 130));
            firsts.Add(Math.Max(0, b - 1));
        }

        double[] doubles = new double[MaxLength];
        float[] floats = new float[MaxLength];
        foreach (long first in firsts)
        {
            for (int length = 0; length <= MaxLength; length++)
            {
                Check(name, schedule, boundaries, first, doubles.AsSpan(0, length), floats.AsSpan(0, length));
            }
        }
    }

    /// <summary>
    /// Every case but the torch.* replays (whose GetLearningRate is O(step)): the double span path computes the scalar
    /// form's operations (same kernels, same order), so it is bit-identical, not just within the contract.
    /// </summary>
    public static TheoryData<string> BitIdenticalNames => new(Cases.Keys.Where(k => !k.StartsWith("torch-", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(BitIdenticalNames))]
    public void Double_spans_bit_identical_to_scalar(string name)
    {
        var (schedule, _) = Cases[name];
        foreach (long first in new long[] { 0, 1, 2, 97, 1_000, 123_457 })
        {
            double[] doubles = new double[2_061];
            float[] floats = new float[2_061];
            schedule.Evaluate(first, doubles);
            schedule.Evaluate(first, floats);
            for (int i = 0; i < doubles.Length; i++)
            {
                double expected = schedule.GetLearningRate(first + i);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(doubles[i]));
                // Float spans are the narrowed double values, a neighbour where the float path uses the cheaper sine/cosine
                // polynomials (VectorMath.SinSingle/CosSingle), or within 3 ULP where the kernel computes in float lanes.
                Assert.True(ScheduleChecks.UlpDistance(floats[i], ScheduleChecks.ExpectedSingle(expected)) <= ScheduleChecks.MaxFloatSpanUlps, name + " float at " + (first + i));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Long_spans_cross_every_chunk_within_4_ulp(string name)
    {
        var (schedule, boundaries) = Cases[name];
        int length = schedule is TorchSchedule ? 1_500 : 12_345; // O(step) GetLearningRate, see above
        double[] doubles = new double[length];
        float[] floats = new float[length];
        Check(name, schedule, boundaries, 0, doubles, floats);
        Check(name, schedule, boundaries, 3, doubles.AsSpan(0, Math.Min(4_099, length)), floats.AsSpan(0, Math.Min(4_099, length)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Far_first_steps_near_2_pow_53_and_long_MaxValue_within_4_ulp_and_finite(string name)
    {
        var (schedule, boundaries) = Cases[name];
        if (schedule is TorchSchedule)
        {
            // GetLearningRate of a torch.* spec replays PyTorch's step() and costs O(step) by design (see TorchSchedule):
            // far steps are out of reach for it, so it is covered by the near-step tests only.
            return;
        }

        var random = new Random(20250611 + name.Length);
        var firsts = new SortedSet<long>
        {
            ScheduleChecks.TwoTo53 - MaxLength,
            ScheduleChecks.TwoTo53 - 1,
            ScheduleChecks.TwoTo53,
            long.MaxValue - MaxLength,
            long.MaxValue - 1,
            long.MaxValue,
        };
        for (int k = 0; k < 3; k++)
        {
            firsts.Add(ScheduleChecks.TwoTo53 + random.NextInt64(-4_096, 4_096));
            firsts.Add(long.MaxValue - random.NextInt64(MaxLength, 1L << 40));
        }

        double[] doubles = new double[MaxLength];
        float[] floats = new float[MaxLength];
        foreach (long first in firsts)
        {
            foreach (int length in FarLengths)
            {
                if (length == 0 || first <= long.MaxValue - (length - 1))
                {
                    Check(name, schedule, boundaries, first, doubles.AsSpan(0, length), floats.AsSpan(0, length));
                    AssertFinite(name, first, doubles.AsSpan(0, length), floats.AsSpan(0, length));
                }
            }
        }
    }

    private static readonly int[] FarLengths = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, MaxLength];

    private static void AssertFinite(string name, long first, ReadOnlySpan<double> doubles, ReadOnlySpan<float> floats)
    {
        for (int i = 0; i < doubles.Length; i++)
        {
            if (!double.IsFinite(doubles[i]) || !float.IsFinite(floats[i]) || !(doubles[i] >= 0))
            {
                throw new XunitException(string.Format(CultureInfo.InvariantCulture, "{0}: Evaluate({1}, [{2}])[{3}] = {4:R} (double), {5:R} (float); expected finite and non-negative.", name, first, doubles.Length, i, doubles[i], floats[i]));
            }
        }
    }

    private static void Check(string name, ILearningRateSchedule schedule, long[] boundaries, long first, Span<double> doubles, Span<float> floats)
    {
        doubles.Fill(double.NaN);
        floats.Fill(float.NaN);
        schedule.Evaluate(first, doubles);
        schedule.Evaluate(first, floats);
        for (int i = 0; i < doubles.Length; i++)
        {
            long step = first + i;
            double expected = schedule.GetLearningRate(step);
            bool boundary = step == 0 || Array.IndexOf(boundaries, step) >= 0;
            int ulps = boundary ? 0 : (int)ScheduleChecks.MaxUlps;
            if (!(doubles[i] == expected || Precision.AlmostEqualNumbersBetween(doubles[i], expected, ulps)))
            {
                throw new XunitException(string.Format(CultureInfo.InvariantCulture, "{0}: Evaluate({1}, double[{2}])[{3}] = {4:R}, GetLearningRate({5}) = {6:R} ({7} ULP).", name, first, doubles.Length, i, doubles[i], step, expected, ScheduleChecks.UlpDistance(doubles[i], expected)));
            }

            float expectedFloat = ScheduleChecks.ExpectedSingle(expected);
            if (!(floats[i] == expectedFloat || Precision.AlmostEqualNumbersBetween(floats[i], expectedFloat, ulps)))
            {
                throw new XunitException(string.Format(CultureInfo.InvariantCulture, "{0}: Evaluate({1}, float[{2}])[{3}] = {4:R}, (float)GetLearningRate({5}) = {6:R} ({7} ULP).", name, first, floats.Length, i, floats[i], step, expectedFloat, ScheduleChecks.UlpDistance(floats[i], expectedFloat)));
            }
        }
    }
}
