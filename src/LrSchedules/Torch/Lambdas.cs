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

    /// <summary>Calls a factor function and requires a finite factor <c>&gt;= 0</c> (a negative or NaN factor would make the lr negative or NaN).</summary>
    public static double Factor(Func<long, double> lambda, long lastEpoch, string scheduler)
    {
        double factor = lambda(lastEpoch);
        return factor >= 0 && factor <= double.MaxValue
            ? factor
            : throw new InvalidOperationException(scheduler + "'s factor function returned " + Guard.Format(factor) + " for last_epoch " + lastEpoch + "; a factor must be finite and >= 0. Nothing was changed.");
    }
}
