using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>Validation of the per-group delegates of <see cref="LambdaLR"/> and <see cref="MultiplicativeLR"/>.</summary>
internal static class Lambdas
{
    public static Func<long, double>[] Check(IParameterGroups groups, IReadOnlyList<Func<long, double>> lambdas, string paramName)
    {
        Guard.NotNull(lambdas, paramName);
        if (lambdas.Count != groups.Count)
        {
            throw Guard.Invalid(paramName, "must have one function per parameter group (" + groups.Count + "); got " + lambdas.Count + ".");
        }

        var result = lambdas.ToArray();
        if (Array.Exists(result, f => f is null))
        {
            throw new ArgumentNullException(paramName, paramName + " must not contain null.");
        }

        return result;
    }
}
