using System.Diagnostics.CodeAnalysis;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>PyTorch <c>MultiplicativeLR</c>: each step multiplies the current lr by <c>lambda(last_epoch)</c>.</summary>
public sealed class MultiplicativeLR : LRScheduler
{
    private readonly Func<long, double>[] _lambdas;

    /// <summary>Creates the scheduler and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="lrLambda">The factor as a function of <c>last_epoch</c>, for every group; not null. A factor must be finite and <c>&gt;= 0</c> (and the product finite): otherwise <see cref="LRScheduler.Step()"/> throws <see cref="InvalidOperationException"/>, changing nothing.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Shipped together in the first release; the overloads differ in a required parameter's type, so no call is ambiguous.")]
    public MultiplicativeLR(IParameterGroups groups, Func<long, double> lrLambda, long lastEpoch = -1)
        : this(groups, Enumerable.Repeat(Guard.NotNull(lrLambda, nameof(lrLambda)), groups?.Count ?? 0).ToArray(), lastEpoch)
    {
    }

    /// <summary>Creates the scheduler with one factor function per group and performs PyTorch's initial step.</summary>
    /// <param name="groups">The parameter groups; not null.</param>
    /// <param name="lrLambdas">One factor function per group; none null.</param>
    /// <param name="lastEpoch">-1 to start, or the last epoch when resuming.</param>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Shipped together in the first release; the overloads differ in a required parameter's type, so no call is ambiguous.")]
    public MultiplicativeLR(IParameterGroups groups, IReadOnlyList<Func<long, double>> lrLambdas, long lastEpoch = -1)
        : base(groups)
    {
        _lambdas = Lambdas.Check(groups, lrLambdas, nameof(lrLambdas));
        Attach(lastEpoch);
    }

    private protected override string StateType => "MultiplicativeLR";

    private protected override void GetLr(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            double lr = Groups.GetLearningRate(i);
            destination[i] = IsInitial ? lr : lr * Lambdas.Factor(_lambdas[i], LastEpoch, "MultiplicativeLR");
        }
    }
}
