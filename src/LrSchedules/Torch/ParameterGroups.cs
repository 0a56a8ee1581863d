using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using LrSchedules.Internal;

namespace LrSchedules.Torch;

/// <summary>
/// An in-memory <see cref="IParameterGroups"/>: learning rates, recorded initial learning rates and optional momentums,
/// with <see cref="SaveState"/>/<see cref="LoadState"/> standing in for the optimizer's own state dict.
/// </summary>
/// <remarks>Not thread-safe, like the optimizer it stands for.</remarks>
public sealed class ParameterGroups : IParameterGroups
{
    private readonly double[] _lrs;
    private readonly double?[] _initialLrs;
    private readonly double[]? _momentums;

    /// <summary>Creates groups with the given learning rates and, optionally, momentums.</summary>
    /// <param name="learningRates">One learning rate per group; at least one, each finite and <c>&gt;= 0</c> (PyTorch's optimizers reject a negative one).</param>
    /// <param name="momentums">One momentum per group, each finite and <c>&gt;= 0</c>, or null for an optimizer without momentum.</param>
    /// <exception cref="ArgumentNullException"><paramref name="learningRates"/> is null.</exception>
    /// <exception cref="ArgumentException">The lists are empty, differ in length, or hold a negative or non-finite value.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Shipped together in the first release; the overloads differ in a required parameter's type, so no call is ambiguous.")]
    public ParameterGroups(IEnumerable<double> learningRates, IEnumerable<double>? momentums = null)
    {
        _lrs = Guard.NotNull(learningRates, nameof(learningRates)).ToArray();
        if (_lrs.Length == 0)
        {
            throw Guard.Invalid(nameof(learningRates), "must hold at least one group; got none.");
        }

        foreach (double lr in _lrs)
        {
            Guard.InRange(lr, 0, double.MaxValue, nameof(learningRates));
        }

        _initialLrs = new double?[_lrs.Length];
        if (momentums is not null)
        {
            _momentums = momentums.ToArray();
            if (_momentums.Length != _lrs.Length)
            {
                throw Guard.Invalid(nameof(momentums), "must have one entry per group (" + _lrs.Length + "); got " + _momentums.Length + ".");
            }

            foreach (double m in _momentums)
            {
                Guard.InRange(m, 0, double.MaxValue, nameof(momentums));
            }
        }
    }

    /// <summary>Creates a single group.</summary>
    /// <param name="learningRate">The learning rate; finite, <c>&gt;= 0</c>.</param>
    /// <param name="momentum">The momentum (finite, <c>&gt;= 0</c>), or null for an optimizer without momentum.</param>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Shipped together in the first release; the overloads differ in a required parameter's type, so no call is ambiguous.")]
    public ParameterGroups(double learningRate, double? momentum = null)
        : this([learningRate], momentum is double m ? [m] : null)
    {
    }

    /// <inheritdoc/>
    public int Count => _lrs.Length;

    /// <inheritdoc/>
    public bool SupportsMomentum => _momentums is not null;

    /// <inheritdoc/>
    public double GetLearningRate(int index) => _lrs[index];

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative or not finite.</exception>
    public void SetLearningRate(int index, double value) => _lrs[index] = Guard.InRange(value, 0, double.MaxValue, nameof(value));

    /// <inheritdoc/>
    public double? GetInitialLearningRate(int index) => _initialLrs[index];

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside <c>[0, 1e100]</c>, the schedulers' range of base learning rates.</exception>
    public void SetInitialLearningRate(int index, double value) => _initialLrs[index] = TorchLimits.LearningRate(value, nameof(value));

    /// <inheritdoc/>
    public double GetMomentum(int index) => _momentums is null ? throw new NotSupportedException("These parameter groups have no momentum.") : _momentums[index];

    /// <inheritdoc/>
    public void SetMomentum(int index, double value)
    {
        if (_momentums is null)
        {
            throw new NotSupportedException("These parameter groups have no momentum.");
        }

        _momentums[index] = Guard.InRange(value, 0, double.MaxValue, nameof(value));
    }

    /// <summary>The groups' state: learning rates, initial learning rates and momentums.</summary>
    /// <returns>A JSON object that <see cref="LoadState"/> accepts.</returns>
    public JsonObject SaveState()
    {
        var o = new JsonObject
        {
            ["lr"] = StateJson.Array(_lrs),
            ["initial_lr"] = new JsonArray([.. _initialLrs.Select(v => v is double d ? (JsonNode)d : null)]),
        };
        if (_momentums is not null)
        {
            o["momentum"] = StateJson.Array(_momentums);
        }

        return o;
    }

    /// <summary>Restores a state saved by <see cref="SaveState"/> from groups of the same shape.</summary>
    /// <param name="state">The saved state; not null.</param>
    /// <exception cref="ArgumentException">The state is malformed, from groups of another shape, or has a value out of
    /// range (<c>lr</c> and <c>momentum</c>: finite, <c>&gt;= 0</c>; <c>initial_lr</c>: null or in <c>[0, 1e100]</c>, the
    /// schedulers' range of base learning rates); nothing is changed.</exception>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var reader = new StateReader(state, nameof(ParameterGroups));
        double[] lrs = reader.Doubles("lr", _lrs.Length, 0, double.MaxValue);
        double?[] initial = reader.NullableDoubles("initial_lr", _lrs.Length, 0, TorchLimits.MaxLearningRate);
        double[]? momentums = _momentums is null ? null : reader.Doubles("momentum", _lrs.Length, 0, double.MaxValue);
        reader.EnsureNoOtherFields();
        lrs.CopyTo(_lrs, 0);
        initial.CopyTo(_initialLrs, 0);
        momentums?.CopyTo(_momentums!, 0);
    }
}
