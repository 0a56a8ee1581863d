using System.Text.Json.Nodes;
using LrSchedules.Schedules;
using LrSchedules.Torch;

namespace LrSchedules.Tests.Reliability;

/// <summary>
/// Schedulers (and parameter groups) stepped a given number of times, each with mutations that put one field of its saved
/// state out of its range, or break an invariant between fields: every one must be rejected by <c>LoadState</c>.
/// </summary>
internal static class StateScenarios
{
    private const long MaxEpoch = TorchGenerators.MaxEpoch;

    /// <summary>Out-of-range values of an integer field, whatever the rest of the state.</summary>
    private static readonly (string Name, Func<JsonNode?> Value)[] BadIntegers =
    [
        ("null", () => null),
        ("a string", () => "3"),
        ("3.5", () => JsonNode.Parse("3.5")),
        ("1e-400 (decimal reads it as 0)", () => JsonNode.Parse("1e-400")),
        ("3 + 1e-31 (past decimal's 28 digits)", () => JsonNode.Parse("3.0000000000000000000000000000001")),
        ("2^63", () => JsonNode.Parse("9223372036854775808")),
    ];

    public static Scenario[] All { get; } =
    [
        new("StepLR", k => Steps(new StepLR(new ParameterGroups(0.1), 3, 0.5), k), CommonFields(counts: true)),
        new("CosineAnnealingLR", k => Steps(new CosineAnnealingLR(new ParameterGroups(0.1), 10, 0.001), k), CommonFields(counts: true)),
        new("CosineAnnealingWarmRestarts", k => Steps(new CosineAnnealingWarmRestarts(new ParameterGroups(0.1), 5, 2), k), [
            .. CommonFields(counts: false, composite: false),
            ("T_i = 0", s => s["T_i"] = 0),
            ("T_i = 4 < T_0", s => s["T_i"] = 4),
            ("T_i = 6, not 5 * 2^k", s => s["T_i"] = 6),
            ("T_i = 2^62 + 1", s => s["T_i"] = (1L << 62) + 1),
            ("T_i = 5 + 1e-31", s => s["T_i"] = JsonNode.Parse("5.0000000000000000000000000000001")),
            ("T_cur = -0.5", s => s["T_cur"] = -0.5),
            ("T_cur = T_i", s => s["T_cur"] = (double)s["T_i"]!.GetValue<long>()),
            ("T_cur = 1e300", s => s["T_cur"] = 1e300),
            ("T_cur > last_epoch + 1", s =>
            {
                s["T_i"] = 5L << 40;
                s["T_cur"] = s["last_epoch"]!.GetValue<long>() + 2;
            }),
        ]),
        new("OneCycleLR", k => Steps(new OneCycleLR(new ParameterGroups(0.1, 0.9), [0.1], 20), k), [
            .. CommonFields(counts: true),
            ("last_epoch = total_steps + 1", s =>
            {
                s["last_epoch"] = 21;
                s["_step_count"] = 1;
            }),
        ]),
        new("SequentialLR", k => Steps(Sequential(), k), [
            .. CommonFields(counts: false, composite: true),
            ("_milestones[0] = 4", s => s["_milestones"]![0] = 4),
            ("_milestones[0] = 3.5", s => s["_milestones"]![0] = 3.5),
            ("child 0 last_epoch = -2", s => s["_schedulers"]![0]!["last_epoch"] = -2),
            ("child 1 base_lrs[0] = -0.1", s => s["_schedulers"]![1]!["base_lrs"]![0] = -0.1),
            ("child 1 _step_count = 0", s => s["_schedulers"]![1]!["_step_count"] = 0),
        ]),
        new("ChainedScheduler", k => Steps(Chained(), k), [
            .. CommonFields(counts: false, composite: true),
            ("child 1 _step_count = last_epoch + 3", s => s["_schedulers"]![1]!["_step_count"] = s["_schedulers"]![1]!["last_epoch"]!.GetValue<long>() + 3),
            ("child 0 _last_lr[0] = -1", s => s["_schedulers"]![0]!["_last_lr"]![0] = -1.0),
            ("child 1 extra field", s => s["_schedulers"]![1]!["extra"] = 1),
        ]),
        new("ReduceLROnPlateau", Plateau, [
            ("last_epoch = -1", s => s["last_epoch"] = -1),
            ("last_epoch = 2^50 + 1", s => s["last_epoch"] = MaxEpoch + 1),
            ("last_epoch = 3.5", s => s["last_epoch"] = 3.5),
            ("num_bad_epochs = -1", s => s["num_bad_epochs"] = -1),
            ("num_bad_epochs = patience + 1", s =>
            {
                s["num_bad_epochs"] = 3;
                s["cooldown_counter"] = 0;
                s["last_epoch"] = 10;
            }),
            ("num_bad_epochs > last_epoch", s =>
            {
                s["num_bad_epochs"] = 2;
                s["cooldown_counter"] = 0;
                s["last_epoch"] = 1;
            }),
            ("cooldown_counter = cooldown + 1", s => s["cooldown_counter"] = 3),
            ("cooldown_counter = -1", s => s["cooldown_counter"] = -1),
            ("num_bad_epochs > 0 during the cooldown", s =>
            {
                s["num_bad_epochs"] = 1;
                s["cooldown_counter"] = 1;
                s["last_epoch"] = 10;
            }),
            ("best = \"NaN\"", s => s["best"] = "NaN"),
            ("best = 1e400", s => s["best"] = JsonNode.Parse("1e400")),
            ("_last_lr[0] = -1", s => s["_last_lr"]![0] = -1.0),
            ("type = ReduceLROnPlateau2", s => s["type"] = "ReduceLROnPlateau2"),
            ("extra field", s => s["extra"] = 0),
        ]),
        new("ParameterGroups", Groups, [
            ("lr[1] = -1", s => s["lr"]![1] = -1.0),
            ("lr[0] = -5e-324", s => s["lr"]![0] = -double.Epsilon),
            ("lr[0] = 1e400", s => s["lr"]![0] = JsonNode.Parse("1e400")),
            ("initial_lr[0] = -1", s => s["initial_lr"]![0] = -1.0),
            ("initial_lr[1] = 1e101", s => s["initial_lr"]![1] = 1e101),
            ("momentum[0] = -0.1", s => s["momentum"]![0] = -0.1),
            ("momentum[1] = null", s => s["momentum"]![1] = null),
            ("extra field", s => s["extra"] = 0),
        ]),
    ];

    /// <summary>The fields every LRScheduler state has.</summary>
    private static (string, Action<JsonObject>)[] CommonFields(bool counts, bool composite = false) =>
    [
        ("last_epoch = -2", s => s["last_epoch"] = -2),
        (composite ? "last_epoch = -1 (a composite's is never -1)" : "last_epoch = long.MinValue", s => s["last_epoch"] = composite ? -1 : long.MinValue),
        ("last_epoch = 2^50 + 1", s => s["last_epoch"] = MaxEpoch + 1),
        ("last_epoch = long.MaxValue", s => s["last_epoch"] = long.MaxValue),
        .. BadIntegers.Select(b => ("last_epoch = " + b.Name, (Action<JsonObject>)(s => s["last_epoch"] = b.Value()))),
        .. BadIntegers.Select(b => ("_step_count = " + b.Name, (Action<JsonObject>)(s => s["_step_count"] = b.Value()))),
        (counts ? "_step_count = 0" : "_step_count = 1", s => s["_step_count"] = counts ? 0 : 1),
        ("_step_count = last_epoch + 3", s => s["_step_count"] = s["last_epoch"]!.GetValue<long>() + 3),
        ("_step_count = long.MaxValue", s => s["_step_count"] = long.MaxValue),
        ("base_lrs[0] = -1e-300", s => s["base_lrs"]![0] = -1e-300),
        ("base_lrs[0] = 1e101", s => s["base_lrs"]![0] = 1e101),
        ("base_lrs[0] = 1.7e308", s => s["base_lrs"]![0] = 1.7e308),
        ("base_lrs[0] = 1e400", s => s["base_lrs"]![0] = JsonNode.Parse("1e400")),
        ("_last_lr[0] = -0.1", s => s["_last_lr"]![0] = -0.1),
        ("type = another scheduler's", s => s["type"] = s["type"]!.GetValue<string>() == "StepLR" ? "ExponentialLR" : "StepLR"),
        ("extra field", s => s["extra"] = 1),
    ];

    private static Subject Steps(LRScheduler scheduler, int k)
    {
        for (int i = 0; i < k; i++)
        {
            scheduler.Step();
        }

        return new Subject(scheduler.SaveState, scheduler.LoadState);
    }

    private static SequentialLR Sequential()
    {
        var g = new ParameterGroups(0.1);
        return new SequentialLR(g, [new LinearLR(g, 0.1, 1, 3), new CosineAnnealingLR(g, 10)], [3]);
    }

    private static ChainedScheduler Chained()
    {
        var g = new ParameterGroups(0.1);
        return new ChainedScheduler(g, [new ConstantLR(g, 0.5, 4), new ExponentialLR(g, 0.9)]);
    }

    private static Subject Plateau(int k)
    {
        var plateau = new ReduceLROnPlateau(new ParameterGroups(0.1), PlateauMode.Min, 0.5, patience: 2, cooldown: 2);
        for (int i = 0; i < k; i++)
        {
            plateau.Step(i % 3 == 0 ? 1.0 : 2.0);
        }

        return new Subject(plateau.SaveState, plateau.LoadState);
    }

    private static Subject Groups(int k)
    {
        var groups = new ParameterGroups([0.1, 0.2], [0.9, 0.8]);
        var scheduler = new OneCycleLR(groups, [0.1, 0.2], 20);
        for (int i = 0; i < k; i++)
        {
            scheduler.Step();
        }

        return new Subject(groups.SaveState, groups.LoadState);
    }

    /// <summary>A scheduler (or groups) whose state can be saved and loaded.</summary>
    internal sealed record Subject(Func<JsonObject> Save, Action<JsonObject> Load);

    /// <summary>A subject after <c>k</c> steps, and mutations that each make its state invalid.</summary>
    internal sealed record Scenario(string Name, Func<int, Subject> Create, (string Name, Action<JsonObject> Mutate)[] Mutations);
}
