namespace LrSchedules.Specs.Compat;

/// <summary>
/// Reading a compat spec <c>{"type": "&lt;ns&gt;.&lt;name&gt;", "lr": ..., "args": {...}}</c>: the peer's own argument names
/// under <c>args</c>, unknown arguments rejected.
/// </summary>
internal static class CompatSpec
{
    /// <summary>A spec type whose schedule is built from <c>args</c> alone (optax, Keras, reference code).</summary>
    public static SpecType ArgsOnly(string name, string description, Func<SpecObject, ILearningRateSchedule> build)
        => new(name, description, spec =>
        {
            var args = Args(spec);
            var schedule = build(args);
            args.EnsureNoUnknownFields();
            return schedule;
        });

    /// <summary>A spec type that also takes the optimizer's learning rate <c>lr</c> (HF, timm): a number, or a one-element list.</summary>
    public static SpecType WithLr(string name, string description, Func<double, SpecObject, ILearningRateSchedule> build)
        => new(name, description, spec =>
        {
            double lr = ReadLr(spec);
            var args = Args(spec);
            var schedule = build(lr, args);
            args.EnsureNoUnknownFields();
            return schedule;
        });

    private static double ReadLr(SpecObject spec)
    {
        if (spec.Has("lr") && spec.Raw("lr").ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            double[] lrs = spec.NumberArray("lr");
            if (lrs.Length != 1)
            {
                throw new ScheduleSpecException(spec.FieldPath("lr"), "must be a number or a one-element list for this schedule type (one parameter group); got " + lrs.Length + " entries.");
            }

            return CheckLr(spec, lrs[0]);
        }

        return CheckLr(spec, spec.Number("lr"));
    }

    private static double CheckLr(SpecObject spec, double lr)
        => lr >= 0 ? lr : throw new ScheduleSpecException(spec.FieldPath("lr"), "must be a finite number in [0, +inf); got " + lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ".");

    /// <summary>The <c>args</c> object; a spec-level <c>metrics</c> array (as in the golden files) is handed to it.</summary>
    private static SpecObject Args(SpecObject spec)
    {
        IReadOnlyList<double>? metrics = spec.NumberArrayOrNull("metrics") ?? spec.Metrics;
        return spec.OptionalObject("args", metrics);
    }
}
