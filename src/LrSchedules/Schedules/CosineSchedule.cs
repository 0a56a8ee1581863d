using System.Numerics;
using System.Numerics.Tensors;
using LrSchedules.Internal;

namespace LrSchedules.Schedules;

/// <summary>
/// Cosine decay from <see cref="InitialValue"/> to a floor <see cref="FinalValue"/> over <see cref="DecaySteps"/> steps,
/// with an optional exponent on the cosine factor (optax <c>cosine_decay_schedule</c>) and an optional number of
/// cosine cycles that may continue past the horizon (HF <c>num_cycles</c>, PyTorch's periodic closed form).
/// </summary>
/// <remarks>
/// <para>With <c>T = DecaySteps</c>, <c>t = Periodic ? step : min(step, T)</c> and
/// <c>c(t) = (1 + cos(2 pi Cycles t / T)) / 2</c>:</para>
/// <para><c>lr(step) = FinalValue + (InitialValue - FinalValue) * c(t)^Exponent</c>.</para>
/// <para>
/// With the default <c>Cycles = 0.5</c> this is one half cosine: <c>InitialValue</c> at step 0, <c>FinalValue</c> at
/// step <c>T</c>. Past the horizon (<c>step &gt; T</c>) the value at <c>T</c> holds forever unless <see cref="Periodic"/> is
/// true, in which case the cosine keeps oscillating between the two values (period <c>T / Cycles</c> steps), as HF's
/// unclamped schedules and PyTorch's closed form do. The cosine is computed as <c>cos(pi x)</c> with exact argument
/// reduction (<see cref="double.CosPi(double)"/>), so <c>c</c> is exactly 0 or 1 at the extremes. For
/// <c>step / T</c> beyond 2^53 the phase is rounded; values stay finite and inside the two bounds.
/// </para>
/// <para>Immutable and thread-safe. Spec type: <c>cosine</c>.</para>
/// </remarks>
public sealed record CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates a cosine schedule.</summary>
    /// <param name="initialValue">Value at step 0; finite, in <c>[0, +inf)</c>.</param>
    /// <param name="finalValue">The floor reached at <c>step = decaySteps</c> (with <c>cycles = 0.5</c>); finite, in <c>[0, +inf)</c>. Default 0.</param>
    /// <param name="decaySteps">Length of the decay in steps; in <c>[1, long.MaxValue]</c>.</param>
    /// <param name="exponent">Power applied to the cosine factor (optax <c>exponent</c>); finite, in <c>(0, +inf)</c>. Default 1.</param>
    /// <param name="cycles">Number of full cosine periods over <paramref name="decaySteps"/> (HF <c>num_cycles</c>); finite, in <c>(0, +inf)</c>. Default 0.5 (a single decay).</param>
    /// <param name="periodic">Whether the cosine continues past <paramref name="decaySteps"/> instead of holding its value there. Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CosineSchedule(double initialValue, long decaySteps, double finalValue = 0, double exponent = 1, double cycles = 0.5, bool periodic = false)
    {
        InitialValue = Guard.NonNegative(initialValue, nameof(initialValue));
        DecaySteps = Guard.Positive(decaySteps, nameof(decaySteps));
        FinalValue = Guard.NonNegative(finalValue, nameof(finalValue));
        Exponent = Guard.Positive(exponent, nameof(exponent));
        Cycles = Guard.Positive(cycles, nameof(cycles));
        Periodic = periodic;
    }

    /// <summary>The value at step 0.</summary>
    public double InitialValue { get; }

    /// <summary>The length of the decay in steps.</summary>
    public long DecaySteps { get; }

    /// <summary>The floor reached at the end of a half cycle.</summary>
    public double FinalValue { get; }

    /// <summary>The power applied to the cosine factor.</summary>
    public double Exponent { get; }

    /// <summary>The number of full cosine periods over <see cref="DecaySteps"/>.</summary>
    public double Cycles { get; }

    /// <summary>Whether the cosine continues past <see cref="DecaySteps"/>.</summary>
    public bool Periodic { get; }

    /// <summary>Whether this is the plain half-cosine decay that the span kernels vectorize.</summary>
    private bool IsHalfCosine => !Periodic && Cycles == 0.5;

    internal override double ValueAt(long step)
    {
        if (IsHalfCosine)
        {
            if (step == 0)
            {
                return InitialValue;
            }

            // Stryker disable once Equality : equivalent, at step = DecaySteps the interpolation below gives FinalValue exactly (weight 0).
            if (step >= DecaySteps)
            {
                return FinalValue;
            }

            // (1 + cos(pi t / T)) / 2 in its well-conditioned form, so the value keeps full precision near the floor; with
            // exponent 1 the cosine interpolation the anneals share (from the smaller value, so also a rising curve keeps
            // full precision at both ends).
            return Exponent == 1
                ? Numerics.CosineLerp(InitialValue, FinalValue, step, DecaySteps)
                : new Interpolant(FinalValue, InitialValue).At(Numerics.SmallPower(Numerics.HalfCosine(step, DecaySteps), Exponent));
        }

        long t = Periodic ? step : Math.Min(step, DecaySteps);
        // (1 + cos(2 pi y)) / 2 = cos^2(pi y) for y = Cycles t / T: well-conditioned where it tends to 0. A phase that
        // overflows (huge Cycles) stands for a huge integer: c = 1.
        double y = Cycles * (t / (double)DecaySteps);
        double c = double.IsFinite(y) ? VectorMath.CosPiSquared(y) : 1;
        double w = Numerics.SmallPower(c, Exponent);
        // FinalValue + (InitialValue - FinalValue) can differ from InitialValue in the last bit.
        return w == 1 ? InitialValue : new Interpolant(FinalValue, InitialValue).At(w);
    }

    internal override void EvaluateCore(long firstStep, Span<double> destination) => EvaluateSpan(firstStep, destination);

    internal override void EvaluateCore(long firstStep, Span<float> destination) => EvaluateSpan(firstStep, destination);

    private void EvaluateSpan<T>(long firstStep, Span<T> destination)
        where T : unmanaged
    {
        int n = Periodic ? destination.Length : Segments.LengthBefore(firstStep, DecaySteps, destination.Length);
        var curve = destination[..n];
        if (!Kernels.Exact(firstStep, n, DecaySteps))
        {
            ScalarFill(firstStep, curve);
        }
        else if (IsHalfCosine)
        {
            if (Exponent == 1)
            {
                Kernels.CosineLerp(InitialValue, FinalValue, firstStep, DecaySteps, curve);
            }
            else
            {
                Kernels.PoweredHalfCosine(firstStep, DecaySteps, Exponent, new Interpolant(FinalValue, InitialValue), curve);
            }

            // The points the scalar form returns exactly: the initial value and the midpoint.
            PatchExact(firstStep, curve, 0);
            // Stryker disable once all : equivalent, patching another step writes the scalar value the kernel gives there too (bit for bit in double, within the float bound in float).
            PatchExact(firstStep, curve, DecaySteps % 2 == 0 ? DecaySteps / 2 : -1);
        }
        // Stryker disable once Equality,Arithmetic : equivalent where the guard only sends more spans to ScalarFill (the same values); the mutants that send an overflowing phase to the kernel are killed.
        else if (n > 0 && double.IsFinite(Cycles * ((firstStep + n - 1) / (double)DecaySteps)))
        {
            Kernels.Map(new CyclesCosineOperator(Cycles, DecaySteps, Numerics.SmallPowerCode(Exponent), Exponent, new Interpolant(FinalValue, InitialValue), InitialValue), firstStep, 1, curve);
        }
        else
        {
            ScalarFill(firstStep, curve);
        }

        // After the decay (not periodic): the value at T, the final value for a half cosine.
        // Stryker disable once all : equivalent, ValueAt(DecaySteps) is FinalValue for a half cosine (the shortcut skips a call).
        Segments.Fill(destination[n..], IsHalfCosine ? FinalValue : ValueAt(DecaySteps));
    }
}
