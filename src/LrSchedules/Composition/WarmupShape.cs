namespace LrSchedules.Composition;

/// <summary>The curve a warmup follows from its start value to the wrapped schedule's first value.</summary>
public enum WarmupShape
{
    /// <summary><c>start + (peak - start) * s / W</c>.</summary>
    Linear = 0,

    /// <summary><c>start + (peak - start) * (1 - cos(pi s / W)) / 2</c>.</summary>
    Cosine = 1,

    /// <summary><c>start * (peak / start)^(s / W)</c>; needs <c>start &gt; 0</c> and <c>peak &gt; 0</c>.</summary>
    Exponential = 2,

    /// <summary><c>start + (peak - start) * (1 - sqrt(1 - s / W))</c> (HF <c>get_wsd_schedule</c>'s <c>1-sqrt</c> warmup).</summary>
    OneMinusSqrt = 3,

    /// <summary>
    /// <c>start + (peak - start) * ln(1 + s) / ln(1 + W)</c>: a logarithmic rise, steep at the start (DeepSpeed's default
    /// <c>warmup_type</c> "log", whose <c>log(i + 1) / log(warmup_num_steps)</c> is this shape over
    /// <c>W = warmup_num_steps - 1</c> steps). Evaluated as <c>log2(1 + s) / log2(1 + W)</c>; a falling warmup
    /// (<c>start &gt; peak</c>) from the peak with the complement's weight <c>log2((1 + W) / (1 + s)) / log2(1 + W)</c>.
    /// </summary>
    Logarithmic = 4,
}
