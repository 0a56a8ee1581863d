using System.Text.Json;
using System.Text.Json.Nodes;
using LrSchedules.Schedules;
using LrSchedules.Torch;

namespace LrSchedules.Specs.Compat;

/// <summary>
/// <c>torch.*</c>: PyTorch's <c>torch.optim.lr_scheduler</c> classes as specs, <c>{"type": "torch.X", "lr": number or list,
/// "momentum": number or list (optional), "args": {PyTorch's argument names}}</c>, with child specs (without <c>lr</c>) in
/// <c>args.schedulers</c>; <c>"optimizer": "Adam"</c> or <c>"AdamW"</c> (default <c>"SGD"</c>) with <c>"betas": [b1, b2]</c>
/// instead of <c>momentum</c> makes <c>CyclicLR</c>/<c>OneCycleLR</c> cycle <c>betas[0]</c>, as PyTorch does. The result is a <see cref="TorchSchedule"/> that replays the port in <see cref="LrSchedules.Torch"/>.
/// <c>LambdaLR</c> and <c>MultiplicativeLR</c> take code, so they have no spec.
/// </summary>
internal static class TorchSpecs
{
    private const long MaxSteps = 1L << 53;

    private static readonly (string, PlateauMode)[] Modes = [("min", PlateauMode.Min), ("max", PlateauMode.Max)];
    private static readonly (string, ThresholdMode)[] ThresholdModes = [("rel", ThresholdMode.Rel), ("abs", ThresholdMode.Abs)];
    private static readonly (string, CyclicMode)[] CyclicModes = [("triangular", CyclicMode.Triangular), ("triangular2", CyclicMode.Triangular2), ("exp_range", CyclicMode.ExpRange)];
    private static readonly (string, Interpolation)[] AnnealStrategies = [("cos", Interpolation.Cosine), ("linear", Interpolation.Linear)];
    private static readonly (string, string)[] Optimizers = [("SGD", "SGD"), ("Adam", "Adam"), ("AdamW", "AdamW")];

    /// <summary>Per type: reads the arguments now (the JSON document does not outlive parsing) and returns the constructor.</summary>
    private static readonly Dictionary<string, Func<SpecObject, Func<ParameterGroups, LRScheduler>>> Builders = new(StringComparer.Ordinal)
    {
        ["torch.StepLR"] = a =>
        {
            long stepSize = a.Integer("step_size", 1, MaxSteps);
            double gamma = a.Number("gamma", 0.1);
            return Build(a, g => new StepLR(g, stepSize, gamma));
        },
        ["torch.MultiStepLR"] = a =>
        {
            long[] milestones = a.IntegerArray("milestones");
            double gamma = a.Number("gamma", 0.1);
            return Build(a, g => new MultiStepLR(g, milestones, gamma));
        },
        ["torch.ConstantLR"] = a =>
        {
            double factor = a.Number("factor", 1.0 / 3);
            long totalIters = a.Integer("total_iters", 5);
            return Build(a, g => new ConstantLR(g, factor, totalIters));
        },
        ["torch.LinearLR"] = a =>
        {
            double start = a.Number("start_factor", 1.0 / 3), end = a.Number("end_factor", 1.0);
            long totalIters = a.Integer("total_iters", 5);
            return Build(a, g => new LinearLR(g, start, end, totalIters));
        },
        ["torch.ExponentialLR"] = a =>
        {
            double gamma = a.Number("gamma");
            return Build(a, g => new ExponentialLR(g, gamma));
        },
        ["torch.PolynomialLR"] = a =>
        {
            long totalIters = a.Integer("total_iters", 5);
            double power = a.Number("power", 1.0);
            return Build(a, g => new PolynomialLR(g, totalIters, power));
        },
        ["torch.CosineAnnealingLR"] = a =>
        {
            long tMax = a.Integer("T_max");
            double etaMin = a.Number("eta_min", 0.0);
            return Build(a, g => new CosineAnnealingLR(g, tMax, etaMin));
        },
        ["torch.CosineAnnealingWarmRestarts"] = a =>
        {
            long t0 = a.Integer("T_0"), tMult = a.Integer("T_mult", 1);
            double etaMin = a.Number("eta_min", 0.0);
            return Build(a, g => new CosineAnnealingWarmRestarts(g, t0, tMult, etaMin));
        },
        ["torch.CyclicLR"] = a =>
        {
            double[] baseLr = Numbers(a, "base_lr"), maxLr = Numbers(a, "max_lr");
            long up = a.Integer("step_size_up", 2000);
            long? down = a.IntegerOrNull("step_size_down");
            var mode = a.Choice("mode", CyclicMode.Triangular, CyclicModes);
            double gamma = a.Number("gamma", 1.0);
            a.Choice("scale_mode", "cycle", [("cycle", "cycle"), ("iterations", "iterations")]);
            bool cycleMomentum = a.Boolean("cycle_momentum", true);
            double[] baseMomentum = Numbers(a, "base_momentum", 0.8), maxMomentum = Numbers(a, "max_momentum", 0.9);
            return Build(a, g => new CyclicLR(g, baseLr, maxLr, up, down, mode, gamma, null, CyclicScaleMode.Cycle, cycleMomentum, baseMomentum, maxMomentum));
        },
        ["torch.OneCycleLR"] = a =>
        {
            double[] maxLr = Numbers(a, "max_lr");
            long? total = a.IntegerOrNull("total_steps"), epochs = a.IntegerOrNull("epochs"), perEpoch = a.IntegerOrNull("steps_per_epoch");
            double pctStart = a.Number("pct_start", 0.3);
            var anneal = a.Choice("anneal_strategy", Interpolation.Cosine, AnnealStrategies);
            bool cycleMomentum = a.Boolean("cycle_momentum", true);
            double[] baseMomentum = Numbers(a, "base_momentum", 0.85), maxMomentum = Numbers(a, "max_momentum", 0.95);
            double div = a.Number("div_factor", 25.0), finalDiv = a.Number("final_div_factor", 1e4);
            bool threePhase = a.Boolean("three_phase", false);
            return Build(a, g => new OneCycleLR(g, maxLr, total, epochs, perEpoch, pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, div, finalDiv, threePhase));
        },
        ["torch.SWALR"] = a =>
        {
            double[] swaLr = Numbers(a, "swa_lr");
            long annealEpochs = a.Integer("anneal_epochs", 10);
            var anneal = a.Choice("anneal_strategy", Interpolation.Cosine, AnnealStrategies);
            return Build(a, g => new SWALR(g, swaLr, annealEpochs, anneal));
        },
        ["torch.SequentialLR"] = a =>
        {
            var composite = new List<(int Index, string Type)>();
            var children = Children(a, composite);
            long[] milestones = a.IntegerArray("milestones");
            foreach (var (index, type) in composite)
            {
                if (index > 0 && index - 1 < milestones.Length && milestones[index - 1] > 0)
                {
                    // A later child restarts at its milestone through its own formula, which a composite has not: PyTorch
                    // accepts the spec and raises NotImplementedError at that milestone. After a milestone 0 it never restarts.
                    throw new ScheduleSpecException(a.FieldPath("schedulers") + "[" + index + "].type", "a SequentialLR can hold " + type + " only as its first scheduler or after a milestone 0: this one would restart at its milestone " + milestones[index - 1] + " through a formula a composite does not have (PyTorch raises NotImplementedError there).");
                }
            }

            return Build(a, g => new SequentialLR(g, [.. children.Select(c => c(g))], milestones));
        },
        ["torch.ChainedScheduler"] = a =>
        {
            var children = Children(a, null);
            return Build(a, g => new ChainedScheduler(g, [.. children.Select(c => c(g))]));
        },
    };

    public static IEnumerable<SpecType> Types { get; } =
    [
        .. Builders.Keys.Select(name => new SpecType(name, "PyTorch " + name[6..] + " (stateful port, replayed from step 0).", spec => Read(spec, name))),
        new SpecType("torch.ReduceLROnPlateau", "PyTorch ReduceLROnPlateau (metrics from the spec or lrs eval --metrics).", ReadPlateau),
    ];

    private static TorchSchedule Read(SpecObject spec, string name)
    {
        TopLevelOnly(spec);
        var (lrs, momentums) = Groups(spec);
        var args = Args(spec);
        var create = Builders[name](args);
        args.EnsureNoUnknownFields();
        var schedule = new TorchSchedule(Canonical(spec).ToJsonString(), lrs, momentums, null, create);
        Validate(spec, schedule);
        return schedule;
    }

    private static TorchSchedule ReadPlateau(SpecObject spec)
    {
        TopLevelOnly(spec);
        var (lrs, momentums) = Groups(spec);
        // The supplied history is only read (TorchSchedule keeps its own copy), so an array is not copied here too.
        double[]? metrics = spec.NumberArrayOrNull("metrics") ?? spec.Metrics as double[] ?? spec.Metrics?.ToArray();
        var a = Args(spec);
        var mode = a.Choice("mode", PlateauMode.Min, Modes);
        double factor = a.Number("factor", 0.1);
        long patience = a.Integer("patience", 10);
        double threshold = a.Number("threshold", 1e-4);
        var thresholdMode = a.Choice("threshold_mode", ThresholdMode.Rel, ThresholdModes);
        long cooldown = a.Integer("cooldown", 0);
        double[] minLr = Numbers(a, "min_lr", 0.0);
        double eps = a.Number("eps", 1e-8);
        a.EnsureNoUnknownFields();
        if (metrics is null)
        {
            throw new ScheduleSpecException(spec.FieldPath("metrics"), "ReduceLROnPlateau reacts to a metric: give the metric history in a \"metrics\" array or with `lrs eval --metrics`.");
        }

        string path = a.Path;
        string canonical = WithMetrics(Canonical(spec), metrics);
        var description = a.Description;
        var schedule = new TorchSchedule(canonical, lrs, momentums, metrics, g => Construct(path, () => new ReduceLROnPlateau(g, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps), description));
        Validate(spec, schedule);
        return schedule;
    }

    /// <summary>
    /// A torch.* spec replays a stateful scheduler from step 0, so evaluating it at a far step costs that many steps; inside
    /// another schedule (a shift, a sequence phase) it could be asked for step 2^63 while the spec is parsed. Only a
    /// whole spec may be one (children of torch.SequentialLR and torch.ChainedScheduler are read separately).
    /// </summary>
    private static void TopLevelOnly(SpecObject spec)
    {
        if (spec.Path != "$")
        {
            throw new ScheduleSpecException(spec.FieldPath("type"), "a torch.* spec replays a stateful scheduler and can only be a whole spec, not part of another schedule (use torch.SequentialLR or torch.ChainedScheduler to compose PyTorch schedulers).");
        }
    }

    /// <summary>Constructs the scheduler once now, so argument errors surface at parse time with the argument's name.</summary>
    private static void Validate(SpecObject spec, TorchSchedule schedule)
    {
        try
        {
            schedule.CreateScheduler();
        }
        catch (ScheduleSpecExceptionCarrier ex)
        {
            var inner = (ArgumentException)ex.InnerException!;
            throw new ScheduleSpecException(ex.Message, inner.Data[Internal.Guard.ReasonKey] as string ?? inner.Message, inner);
        }
        catch (ArgumentException ex)
        {
            throw new ScheduleSpecException(spec.FieldPath("args"), ex.Message, ex);
        }
    }

    /// <summary>Accepts PyTorch's <c>last_epoch</c> only at its default (resume through LoadState instead) and maps constructor errors to argument names.</summary>
    private static Func<ParameterGroups, LRScheduler> Build(SpecObject a, Func<ParameterGroups, LRScheduler> create)
    {
        a.Integer("last_epoch", -1, -1, -1);
        string path = a.Path;
        var description = a.Description;
        return g => Construct(path, () => create(g), description);
    }

    private static T Construct<T>(string argsPath, Func<T> create, SpecDescription? description)
    {
        if (description is not null)
        {
            // Describing: the constructor's range checks record their ranges for the arguments they name.
            SpecDescription.ClearRanges();
            try
            {
                return create();
            }
            finally
            {
                description.AttachRanges(p => argsPath + "." + Snake(p));
            }
        }

        try
        {
            return create();
        }
        catch (ArgumentException ex) when (ex.ParamName is not null && ex is not ScheduleSpecExceptionCarrier)
        {
            throw new ScheduleSpecExceptionCarrier(argsPath + "." + Snake(ex.ParamName), ex);
        }
    }

    /// <summary>The child specs of a composite; the indices and types of composite children are added to <paramref name="composites"/> (SequentialLR checks them against its milestones).</summary>
    private static List<Func<ParameterGroups, LRScheduler>> Children(SpecObject a, List<(int Index, string Type)>? composites)
    {
        int index = 0;
        return a.ObjectArray("schedulers", child =>
        {
            string type = child.String("type");
            if (!Builders.TryGetValue(type, out var builder))
            {
                throw new ScheduleSpecException(child.FieldPath("type"), "must be a torch.* scheduler other than ReduceLROnPlateau (PyTorch does not chain it); got \"" + type + "\".");
            }

            if (type is "torch.ChainedScheduler" or "torch.SequentialLR")
            {
                composites?.Add((index, type));
            }

            index++;
            var args = Args(child);
            var create = builder(args);
            args.EnsureNoUnknownFields();
            child.EnsureNoUnknownFields();
            return create;
        });
    }

    private static (double[] Lrs, double[]? Momentums) Groups(SpecObject spec)
    {
        double[] lrs = spec.NumberOrList("lr");
        if (lrs.Length == 0)
        {
            throw new ScheduleSpecException(spec.FieldPath("lr"), "must be a number or a list with one number per parameter group; got an empty list.");
        }

        for (int i = 0; i < lrs.Length; i++)
        {
            if (!(lrs[i] >= 0 && lrs[i] <= TorchLimits.MaxLearningRate))
            {
                string path = spec.Raw("lr").ValueKind == JsonValueKind.Array ? spec.FieldPath("lr") + "[" + i + "]" : spec.FieldPath("lr");
                throw new ScheduleSpecException(path, "must be a finite number in [0, 1e100] (a learning rate; PyTorch's optimizers reject negative ones, and larger ones let the schedulers' products overflow); got " + lrs[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ".");
            }
        }

        string optimizer = spec.Choice("optimizer", "SGD", Optimizers);
        if (optimizer != "SGD")
        {
            if (spec.Has("momentum"))
            {
                throw new ScheduleSpecException(spec.FieldPath("momentum"), "is an SGD argument; " + optimizer + " has betas instead (give \"betas\": [beta1, beta2]; CyclicLR and OneCycleLR cycle beta1).");
            }

            return (lrs, Enumerable.Repeat(Betas(spec)[0], lrs.Length).ToArray());
        }

        if (spec.Has("betas"))
        {
            throw new ScheduleSpecException(spec.FieldPath("betas"), "is an Adam/AdamW argument; give \"optimizer\": \"Adam\" or \"AdamW\" with it (SGD has \"momentum\").");
        }

        double[]? momentums = spec.NumberOrListOrNull("momentum");
        for (int i = 0; momentums is not null && i < momentums.Length; i++)
        {
            if (!(momentums[i] >= 0))
            {
                string path = spec.Raw("momentum").ValueKind == JsonValueKind.Array ? spec.FieldPath("momentum") + "[" + i + "]" : spec.FieldPath("momentum");
                throw new ScheduleSpecException(path, "must be a finite number in [0, +inf) (PyTorch's optimizers reject a negative momentum); got " + momentums[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ".");
            }
        }

        if (momentums is { Length: 1 } && lrs.Length > 1)
        {
            momentums = Enumerable.Repeat(momentums[0], lrs.Length).ToArray();
        }

        if (momentums is not null && momentums.Length != lrs.Length)
        {
            throw new ScheduleSpecException(spec.FieldPath("momentum"), "must be one number or one per group (" + lrs.Length + "); got " + momentums.Length + ".");
        }

        return (lrs, momentums);
    }

    /// <summary>Adam's and AdamW's <c>betas</c>: two numbers, each in <c>[0, 1)</c> as PyTorch requires; default <c>[0.9, 0.999]</c>.</summary>
    private static double[] Betas(SpecObject spec)
    {
        if (!spec.Has("betas"))
        {
            return [0.9, 0.999];
        }

        double[] betas = spec.NumberArray("betas");
        if (betas.Length != 2)
        {
            throw new ScheduleSpecException(spec.FieldPath("betas"), "must be two numbers [beta1, beta2]; got " + betas.Length + ".");
        }

        for (int i = 0; i < 2; i++)
        {
            if (!(betas[i] >= 0 && betas[i] < 1))
            {
                throw new ScheduleSpecException(spec.FieldPath("betas") + "[" + i + "]", "must be a finite number in [0, 1) (PyTorch's Adam rejects others); got " + betas[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ".");
            }
        }

        return betas;
    }

    private static SpecObject Args(SpecObject spec) => spec.OptionalObject("args", spec.Metrics);

    /// <summary>A number or a list of numbers (PyTorch's per-group parameters).</summary>
    private static double[] Numbers(SpecObject a, string name, double? defaultValue = null) => a.NumberOrList(name, defaultValue);

    private static string Snake(string parameter) => parameter switch
    {
        "tMax" => "T_max",
        "t0" => "T_0",
        "tMult" => "T_mult",
        _ => SpecObject.ToSnakeCase(parameter),
    };

    /// <summary>The spec as written (type, lr, momentum, args, metrics), for equality and ToJson.</summary>
    private static JsonObject Canonical(SpecObject spec) => spec.ToNode();

    /// <summary>
    /// The compact JSON of <paramref name="canonical"/> with its <c>metrics</c> member (in place, or appended) set to
    /// <paramref name="metrics"/>: the same text as <c>canonical["metrics"] = new JsonArray(...)</c> followed by
    /// <see cref="JsonNode.ToJsonString"/>, written straight from the array instead of through one node per metric (a
    /// history of millions of metrics from <c>lrs eval --metrics</c> took tens of bytes per metric that way).
    /// </summary>
    private static string WithMetrics(JsonObject canonical, double[] metrics)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            bool written = false;
            writer.WriteStartObject();
            foreach (var (name, value) in canonical)
            {
                writer.WritePropertyName(name);
                if (name == "metrics")
                {
                    WriteNumbers(writer, metrics);
                    written = true;
                }
                else if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            if (!written)
            {
                writer.WritePropertyName("metrics");
                WriteNumbers(writer, metrics);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNumbers(Utf8JsonWriter writer, double[] values)
    {
        writer.WriteStartArray();
        foreach (double v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }
}
