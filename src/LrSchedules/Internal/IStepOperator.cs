using System.Numerics;

namespace LrSchedules.Internal;

/// <summary>A per-position function evaluated by <see cref="Kernels.Map"/>: lanes are exact integer positions.</summary>
internal interface IStepOperator
{
    /// <summary>The values at the positions <paramref name="k"/>.</summary>
    Vector<double> Invoke(Vector<double> k);
}
