namespace LrSchedules.Schedules;

/// <summary>The curve an <see cref="AnnealSchedule"/> follows from its initial to its final value; <c>p = t / Steps</c>.</summary>
/// <remarks>
/// Every shape's value stays inside <c>[min(initial, final), max(initial, final)]</c> (<c>[final, max(initial, final)]</c>
/// for the half-life form) at every step: the formulas below are evaluated and then clamped to those bounds, so rounding
/// can never step past an end (nor overflow next to <see cref="double.MaxValue"/>).
/// </remarks>
public enum DecayShape
{
    /// <summary><c>initial + (final - initial) * p</c>.</summary>
    Linear = 0,

    /// <summary><c>final + (initial - final) * (1 + cos(pi p)) / 2</c>.</summary>
    Cosine = 1,

    /// <summary><c>final + (initial - final) * (1 - sqrt(p))</c> (the "1-sqrt" cooldown of Hägele et al. 2024, HF <c>1-sqrt</c>).</summary>
    OneMinusSqrt = 2,

    /// <summary>
    /// Exponential: <c>initial * 0.5^(t / HalfLife)</c>, never below <c>final</c> (MiniCPM's half-life form); without a half-life,
    /// the geometric curve <c>initial * (final / initial)^p</c> that reaches <c>final</c> exactly at the end (the infinite
    /// schedule's anneal). Needs <c>initial &gt; 0</c> and <c>final &gt; 0</c> when no half-life is given.
    /// </summary>
    Exponential = 3,

    /// <summary><c>final + (initial - final) * (1 - p)^Power</c>.</summary>
    Power = 4,

    /// <summary>
    /// Inverse-square-root: <c>initial + (final - initial) * r(p)</c> with
    /// <c>r(p) = (1 / sqrt(1 + Timescale p) - 1) / (1 / sqrt(1 + Timescale) - 1)</c> (the infinite schedule's
    /// inverse-sqrt cooldown).
    /// </summary>
    InverseSqrt = 5,

    /// <summary>
    /// The halving exponential shifted to end at the final value: <c>final + (initial - final) * (2 * 0.5^p - 1)</c>
    /// (Megatron-LM's WSD <c>lr_wsd_decay_style</c> "exponential"): the weight falls from 1 to 0 like <c>2^(1 - p) - 1</c>,
    /// a little faster than linear at the start. Unlike <see cref="Exponential"/> it needs no positive end point.
    /// </summary>
    ShiftedExponential = 6,
}
