using System.Diagnostics.CodeAnalysis;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>LambdaLR</c>: <c>lr = base_lr * lambda(last_epoch)</c>, one delegate for all groups or one per group.</summary>
/// <remarks>The delegates are not part of the saved state (as in PyTorch, where plain functions are not saved).</remarks>
public sealed class LambdaLR : LRScheduler
{
    private readonly Func<long, double>[] _lambdas;

    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="lrLambda">The factor as a function of <c>last_epoch</c>, for every group; not null. A factor must be finite and <c>&gt;= 0</c> (and <c>base_lr * factor</c> finite): otherwise <see cref="LRScheduler.Step()"/> throws <see cref="InvalidOperationException"/>, changing nothing.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming (groups must then hold their initial lr).</param>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Shipped together in the first release; the overloads differ in a required parameter's type, so no call is ambiguous.")]
    public LambdaLR(IParameterGroups groups, Func<long, double> lrLambda, long lastEpoch = -1)
        : this(groups, Enumerable.Repeat(Guard.NotNull(lrLambda, nameof(lrLambda)), groups?.Count ?? 0).ToArray(), lastEpoch)
    {
    }

    /// <summary>Creates the scheduler with one factor function per group and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="lrLambdas">One factor function per group; none null.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Shipped together in the first release; the overloads differ in a required parameter's type, so no call is ambiguous.")]
    public LambdaLR(IParameterGroups groups, IReadOnlyList<Func<long, double>> lrLambdas, long lastEpoch = -1)
        : base(groups)
    {
        _lambdas = Lambdas.Check(groups, lrLambdas, nameof(lrLambdas));
        Attach(lastEpoch);
    }

    private protected override string StateType => "LambdaLR";

    private protected override void GetLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BaseLrs[i] * Lambdas.Factor(_lambdas[i], LastEpoch, "LambdaLR");
        }
    }
}
