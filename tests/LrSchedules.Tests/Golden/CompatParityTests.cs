using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Golden;

/// <summary>
/// Every case of peers.json and infinite.json, through its compat spec (the peer's own names), must reproduce the peer's
/// learning rates within the golden README's tolerance, through GetLearningRate and through the span API.
/// </summary>
public sealed class CompatParityTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in new[] { "peers.json", "infinite.json" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file)));
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                data.Add(file, c.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compat_spec_reproduces_the_peer(string file, string name)
    {
        var (spec, metrics, expected) = Load(file, name);
        var schedule = ScheduleSpec.Parse(spec, metrics);
        schedule.Should().NotBeNull();
        var span = new double[expected.Length];
        schedule.Evaluate(0, span);
        for (int k = 0; k < expected.Length; k++)
        {
            AssertClose(schedule.GetLearningRate(k), expected[k], name, k);
            AssertClose(span[k], expected[k], name, k);
        }
    }

    [Fact]
    public void Golden_files_have_the_documented_case_counts()
    {
        Cases().Count(row => (string)row[0] == "peers.json").Should().Be(96);
        Cases().Count(row => (string)row[0] == "infinite.json").Should().Be(5);
    }

    internal static (string Spec, double[]? Metrics, double[] Lrs) Load(string file, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file)));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        double[]? metrics = c.TryGetProperty("metrics", out var m) ? [.. m.EnumerateArray().Select(x => x.GetDouble())] : null;
        double[] lrs = [.. c.GetProperty("lrs")[0].EnumerateArray().Select(x => x.GetDouble())];
        return (c.GetProperty("spec").GetRawText(), metrics, lrs);
    }

    internal static void AssertClose(double actual, double expected, string name, int step)
    {
        // Golden README: |a-b| <= 1e-12 * max(|a|,|b|) + 1e-15, and 1e-8 absolute where a square root amplifies rounding near zero.
        double absolute = name == "optax-cosine-exp0.5" ? 1e-8 : 1e-15;
        double tolerance = (1e-12 * Math.Max(Math.Abs(actual), Math.Abs(expected))) + absolute;
        Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(tolerance, "case {0} at step {1}: got {2:R}, peer {3:R}", name, step, actual, expected);
    }
}
