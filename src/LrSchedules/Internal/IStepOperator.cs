using System.Numerics;

namespace LrSchedules.Internal;

/// <summary>A per-position function evaluated by <see cref="Kernels.Map"/>: lanes are exact integer positions.</summary>
internal interface IStepOperator
{
    /// <summary>The values at the positions <paramref name="k"/>.</summary>
    /// <typeparam name="TPrecision">The polynomials to use: <see cref="FullPrecision"/> for a double span (the scalar form's
    /// twins, bit for bit), <see cref="SinglePrecision"/> for a float span (an operator whose formula amplifies relative
    /// errors keeps the full ones).</typeparam>
    Vector<double> Invoke<TPrecision>(Vector<double> k)
        where TPrecision : struct, IPrecision;

    /// <summary>
    /// The float values at the positions <paramref name="low"/> then <paramref name="high"/> (<c>Vector&lt;float&gt;.Count</c>
    /// lanes), each finite, non-negative and at most <see cref="float.MaxValue"/>: for a float span. Most operators narrow
    /// <see cref="Invoke{TPrecision}"/> with <see cref="SinglePrecision"/> (<see cref="Kernels.Narrowed{TOp}"/>); those whose
    /// double form is bound by divisions, square roots or <c>2^y</c> compute their last steps in float lanes, twice as
    /// many per instruction (the positions and whatever large steps need stay exact in double).
    /// </summary>
    Vector<float> InvokeSingle(Vector<double> low, Vector<double> high);
}
