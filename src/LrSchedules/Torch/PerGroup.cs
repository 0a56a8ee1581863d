using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch's <c>_format_param</c>: one value for every group, or one value per group.</summary>
internal static class PerGroup
{
    public static double[] Expand(IParameterGroups groups, IReadOnlyList<double> values, string paramName)
    {
        Guard.NotNull(values, paramName);
        double[] result;
        if (values.Count == 1)
        {
            result = new double[groups.Count];
            Array.Fill(result, values[0]);
        }
        else if (values.Count == groups.Count)
        {
            result = [.. values];
        }
        else
        {
            throw Guard.Invalid(paramName, "must have one value or one value per parameter group (" + groups.Count + "); got " + values.Count + ".");
        }

        foreach (double v in result)
        {
            // Learning rates, momentums and their bounds: in [0, 1e100] (PyTorch does not check), so that every value the
            // schedulers compute from them stays finite.
            TorchLimits.LearningRate(v, paramName);
        }

        return result;
    }
}
