using LrSchedules.Analytics;
using LrSchedules.Specs;
using LrSchedules.Tests.Golden;

namespace LrSchedules.Tests.Analytics;

/// <summary>
/// The nine real 25M loss curves of Luo et al. (Golden/loss-curves), each with its schedule as the native spec the
/// golden README gives, and the authors' fitted 25M law.
/// </summary>
internal static class LossCurves
{
    /// <summary>The runs the authors fit on.</summary>
    public static readonly string[] TrainNames = ["cosine_24000", "constant_24000", "wsdcon_9"];

    /// <summary>The runs the authors evaluate on.</summary>
    public static readonly string[] TestNames = ["cosine_72000", "constant_72000", "wsdcon_3", "wsdcon_18", "wsd_20000_24000", "wsdld_20000_24000"];

    /// <summary>The authors' 25M parameters (golden README).</summary>
    public static readonly MultiPowerLaw Authors = new(3.04045406, 0.52468604, 0.50786857, 363.78751622, 2.06560812, 0.58279013, 0.64142257);

    private const string Warmup = """{"steps": 2160, "schedule": {"type": "linear", "initial_value": 0, "final_value": 3e-4, "transition_steps": 2159}}""";

    private static readonly Dictionary<string, Lazy<LossRun>> Runs = TrainNames.Concat(TestNames)
        .ToDictionary(n => n, n => new Lazy<LossRun>(() => Load(n)), StringComparer.Ordinal);

    /// <summary>The native spec of a run's schedule, as in the golden README.</summary>
    public static string Spec(string name) => name switch
    {
        "cosine_24000" => Sequence("""{"schedule": {"type": "cosine", "initial_value": 3e-4, "final_value": 3e-5, "decay_steps": 21840}}"""),
        "cosine_72000" => Sequence("""{"schedule": {"type": "cosine", "initial_value": 3e-4, "final_value": 3e-5, "decay_steps": 69840}}"""),
        "constant_24000" or "constant_72000" => Sequence("""{"schedule": {"type": "constant", "value": 3e-4}}"""),
        "wsdcon_3" => Wsdcon("3e-5"),
        "wsdcon_9" => Wsdcon("9e-5"),
        "wsdcon_18" => Wsdcon("1.8e-4"),
        "wsd_20000_24000" => Wsd("exponential"),
        "wsdld_20000_24000" => Wsd("linear"),
        _ => throw new ArgumentException("unknown run " + name, nameof(name)),
    };

    /// <summary>The horizon of a run, in steps.</summary>
    public static long Horizon(string name) => name.StartsWith("wsdcon", StringComparison.Ordinal) ? 16_000 : name.EndsWith("72000", StringComparison.Ordinal) ? 72_000 : 24_000;

    /// <summary>The run called <paramref name="name"/>, read from the repository copy of its CSV.</summary>
    public static LossRun Run(string name) => Runs[name].Value;

    public static List<LossRun> Train => [.. TrainNames.Select(Run)];

    public static List<LossRun> Test => [.. TestNames.Select(Run)];

    public static string CsvPath(string name) => GoldenData.RepoPath("loss-curves/25M/" + name + ".csv");

    private static LossRun Load(string name)
        => LossRun.ParseCsv(ScheduleSpec.Parse(Spec(name)), File.ReadAllText(CsvPath(name)), name, Horizon(name));

    private static string Sequence(params string[] phases) => """{"type": "sequence", "phases": [""" + Warmup + ", " + string.Join(", ", phases) + "]}";

    private static string Wsdcon(string value)
        => Sequence("""{"steps": 5840, "schedule": {"type": "constant", "value": 3e-4}}""", """{"schedule": {"type": "constant", "value": """ + value + "}}");

    private static string Wsd(string shape)
        => Sequence("""{"steps": 17840, "schedule": {"type": "constant", "value": 3e-4}}""", "{\"schedule\": {\"type\": \"anneal\", \"initial_value\": 3e-4, \"final_value\": 3e-5, \"steps\": 4000, \"shape\": \"" + shape + "\"}}");
}
