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
}
