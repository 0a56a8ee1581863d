using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LrSchedules.Torch;
using LrSchedules.TorchSharp.Internal;
using static TorchSharp.torch.optim;

namespace LrSchedules.TorchSharp;

/// <summary>
/// The parameter groups of a TorchSharp optimizer (<see cref="Optimizer.ParamGroups"/>) as <see cref="IParameterGroups"/>,
/// so that the PyTorch-compatible schedulers of <see cref="LrSchedules.Torch"/> (and <see cref="OptimizerSchedule"/>) can
/// drive a TorchSharp optimizer.
/// </summary>
/// <remarks>
/// <para><b>Learning rates.</b> <see cref="GetLearningRate"/> and <see cref="SetLearningRate"/> read and write each group's
/// <see cref="ILearningRateController.LearningRate"/>, which TorchSharp's optimizers read at every <c>step()</c>.</para>
/// <para><b>Initial learning rates</b> (PyTorch's <c>initial_lr</c>). TorchSharp's
/// <see cref="ILearningRateController.InitialLearningRate"/> is a plain <see cref="double"/> that always has a value (the
/// optimizer sets it to the group's learning rate), whereas PyTorch's <c>initial_lr</c> is absent until the first scheduler
/// records it, and the schedulers rely on the difference (a second scheduler must not re-record it; <c>lastEpoch &gt;= 0</c>
/// requires it). So each group carries its own "recorded" flag: <see cref="GetInitialLearningRate"/> returns null until
/// <see cref="SetInitialLearningRate"/> (or <see cref="LoadState"/> with a number) has set it, and then TorchSharp's
/// <see cref="ILearningRateController.InitialLearningRate"/>. The flag belongs to the TorchSharp group object, as
/// <c>initial_lr</c> belongs to PyTorch's <c>param_group</c> dictionary: every adapter over the same optimizer sees it.</para>
/// <para><b>Momentum.</b> <see cref="SupportsMomentum"/> is true when every group implements <see cref="IMomentum"/>
/// (TorchSharp's SGD, RMSProp) or <see cref="IBetas"/> (Adam, AdamW, Adamax, NAdam, RAdam), as PyTorch's
/// <c>"momentum" in defaults or "betas" in defaults</c>. The momentum is <see cref="IMomentum.Momentum"/> for the former and
/// beta1, the first item of <see cref="IBetas.Betas"/>, for the latter (writing keeps beta2).</para>
/// <para>The groups are captured at construction: a group added to the optimizer later (<c>add_param_group</c>) needs a new
/// adapter. Not thread-safe: use it from the training thread, like the optimizer.</para>
/// </remarks>
public sealed class TorchSharpParameterGroups : IParameterGroups
{
    private const string StateOwner = nameof(TorchSharpParameterGroups);

    private static readonly ConditionalWeakTable<ILearningRateController, RecordedFlag> Flags = new();

    private readonly ILearningRateController[] _groups;
    private readonly IMomentum?[] _momentums;
    private readonly IBetas?[] _betas;
    private readonly RecordedFlag[] _recorded;

    /// <summary>Wraps the parameter groups that <paramref name="optimizer"/> has now.</summary>
    /// <param name="optimizer">The TorchSharp optimizer; not null, with at least one parameter group.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The optimizer has no parameter group, or one of its groups is null.</exception>
    public TorchSharpParameterGroups(Optimizer optimizer)
    {
        Optimizer = Checks.NotNull(optimizer, nameof(optimizer));
        _groups = [.. optimizer.ParamGroups];
        if (_groups.Length == 0)
        {
            throw Checks.Invalid(nameof(optimizer), "must have at least one parameter group; got none.");
        }

        _momentums = new IMomentum?[_groups.Length];
        _betas = new IBetas?[_groups.Length];
        _recorded = new RecordedFlag[_groups.Length];
        bool momentum = true;
        for (int i = 0; i < _groups.Length; i++)
        {
            var group = _groups[i] ?? throw Checks.Invalid(nameof(optimizer), "has a null parameter group at index " + i + ".");
            _momentums[i] = group as IMomentum;
            _betas[i] = _momentums[i] is null ? group as IBetas : null;
            momentum &= _momentums[i] is not null || _betas[i] is not null;
            _recorded[i] = Flags.GetValue(group, static _ => new RecordedFlag());
        }

        SupportsMomentum = momentum;
    }

    /// <summary>The optimizer whose groups this adapter drives.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The number of parameter groups the optimizer had when the adapter was created; at least 1.</summary>
    public int Count => _groups.Length;

    /// <summary>
    /// Whether every group has a momentum (<see cref="IMomentum"/>) or a beta1 (<see cref="IBetas"/>) that
    /// <see cref="CyclicLR"/> and <see cref="OneCycleLR"/> can cycle.
    /// </summary>
    public bool SupportsMomentum { get; }

    /// <summary>Group <paramref name="index"/>'s <see cref="ILearningRateController.LearningRate"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <returns>The learning rate the optimizer's next <c>step()</c> uses for that group.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>.</exception>
    public double GetLearningRate(int index)
    {
        Checks.Index(index, _groups.Length);
        return _groups[index].LearningRate;
    }

    /// <summary>Sets group <paramref name="index"/>'s <see cref="ILearningRateController.LearningRate"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <param name="value">The learning rate; finite (stored exactly as given).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>, or <paramref name="value"/> is NaN or infinite.</exception>
    public void SetLearningRate(int index, double value)
    {
        Checks.Index(index, _groups.Length);
        _groups[index].LearningRate = Checks.Finite(value, nameof(value));
    }

    /// <summary>PyTorch's <c>initial_lr</c> of group <paramref name="index"/>: null until it has been recorded, then TorchSharp's <see cref="ILearningRateController.InitialLearningRate"/>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <returns>The recorded initial learning rate, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>.</exception>
    public double? GetInitialLearningRate(int index)
    {
        Checks.Index(index, _groups.Length);
        return _recorded[index].Value ? _groups[index].InitialLearningRate : null;
    }

    /// <summary>Records PyTorch's <c>initial_lr</c> of group <paramref name="index"/>: writes TorchSharp's <see cref="ILearningRateController.InitialLearningRate"/> and sets the group's recorded flag.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <param name="value">The initial learning rate; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>, or <paramref name="value"/> is NaN or infinite.</exception>
    public void SetInitialLearningRate(int index, double value)
    {
        Checks.Index(index, _groups.Length);
        _groups[index].InitialLearningRate = Checks.Finite(value, nameof(value));
        _recorded[index].Value = true;
    }

    /// <summary>Group <paramref name="index"/>'s momentum: <see cref="IMomentum.Momentum"/>, or beta1 (<c>Betas.Item1</c>) for Adam-type groups.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <returns>The momentum or beta1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>.</exception>
    /// <exception cref="NotSupportedException"><see cref="SupportsMomentum"/> is false.</exception>
    public double GetMomentum(int index)
    {
        Checks.Index(index, _groups.Length);
        RequireMomentum();
        return _momentums[index] is { } m ? m.Momentum : _betas[index]!.Betas.Item1;
    }

    /// <summary>Sets group <paramref name="index"/>'s momentum: <see cref="IMomentum.Momentum"/>, or for Adam-type groups <c>Betas = (value, Betas.Item2)</c>.</summary>
    /// <param name="index">A group index in <c>[0, Count)</c>.</param>
    /// <param name="value">The momentum or beta1; finite (stored exactly as given).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>, or <paramref name="value"/> is NaN or infinite.</exception>
    /// <exception cref="NotSupportedException"><see cref="SupportsMomentum"/> is false.</exception>
    public void SetMomentum(int index, double value)
    {
        Checks.Index(index, _groups.Length);
        RequireMomentum();
        Checks.Finite(value, nameof(value));
        if (_momentums[index] is { } m)
        {
            m.Momentum = value;
        }
        else
        {
            var betas = _betas[index]!;
            betas.Betas = (value, betas.Betas.Item2);
        }
    }

    /// <summary>
    /// The optimizer-side half of a checkpoint: per group the learning rate (<c>lr</c>), the recorded initial learning rate
    /// or null where none is recorded (<c>initial_lr</c>), and, when <see cref="SupportsMomentum"/>, the momentum or beta1
    /// (<c>momentum</c>) — the same format as <see cref="ParameterGroups.SaveState"/>.
    /// </summary>
    /// <returns>A new JSON object that <see cref="LoadState"/> accepts; the numbers round-trip exactly.</returns>
    public JsonObject SaveState()
    {
        var lrs = new JsonArray();
        var initial = new JsonArray();
        for (int i = 0; i < _groups.Length; i++)
        {
            // JsonNode arguments (not JsonArray.Add<T>), which need no reflection: trimming and Native AOT safe.
            lrs.Add((JsonNode)JsonValue.Create(_groups[i].LearningRate));
            initial.Add(_recorded[i].Value ? (JsonNode)JsonValue.Create(_groups[i].InitialLearningRate) : null);
        }

        var state = new JsonObject { ["lr"] = lrs, ["initial_lr"] = initial };
        if (SupportsMomentum)
        {
            var momentums = new JsonArray();
            for (int i = 0; i < _groups.Length; i++)
            {
                momentums.Add((JsonNode)JsonValue.Create(GetMomentum(i)));
            }

            state["momentum"] = momentums;
        }

        return state;
    }

    /// <summary>
    /// Restores a state saved by <see cref="SaveState"/> (or <see cref="ParameterGroups.SaveState"/>) from groups of the
    /// same shape: sets every group's learning rate, initial learning rate and recorded flag (cleared where the state has
    /// null; TorchSharp's <see cref="ILearningRateController.InitialLearningRate"/> is then left as it is) and momentum.
    /// </summary>
    /// <param name="state">The saved state; not null. It must have <c>lr</c> and <c>initial_lr</c> with <see cref="Count"/>
    /// entries each (finite numbers; <c>initial_lr</c> entries may be null), <c>momentum</c> with <see cref="Count"/> finite
    /// entries exactly when <see cref="SupportsMomentum"/> is true, and no other field.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state is malformed or from groups of another shape; nothing is changed.</exception>
    public void LoadState(JsonObject state) => PrepareLoad(state)();

    /// <summary>Validates a state completely and returns the action that applies it.</summary>
    internal Action PrepareLoad(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var fields = new StateFields(state, StateOwner, nameof(state));
        double[] lrs = fields.Doubles("lr", _groups.Length);
        double?[] initial = fields.NullableDoubles("initial_lr", _groups.Length);
        double[]? momentums = null;
        if (SupportsMomentum)
        {
            momentums = fields.Doubles("momentum", _groups.Length);
        }
        else if (fields.Has("momentum"))
        {
            throw fields.Fail("momentum", "is present, but the optimizer's groups have no momentum or beta1.");
        }

        fields.EnsureNoOtherFields();
        return () =>
        {
            for (int i = 0; i < _groups.Length; i++)
            {
                _groups[i].LearningRate = lrs[i];
                if (initial[i] is double v)
                {
                    _groups[i].InitialLearningRate = v;
                }

                _recorded[i].Value = initial[i] is not null;
                if (momentums is not null)
                {
                    SetMomentum(i, momentums[i]);
                }
            }
        };
    }

    private void RequireMomentum()
    {
        if (!SupportsMomentum)
        {
            throw new NotSupportedException("The optimizer's parameter groups have no momentum or beta1: not every group implements TorchSharp's IMomentum or IBetas.");
        }
    }

    /// <summary>Whether PyTorch's <c>initial_lr</c> has been recorded for one TorchSharp group.</summary>
    private sealed class RecordedFlag
    {
        public bool Value { get; set; }
    }
}
