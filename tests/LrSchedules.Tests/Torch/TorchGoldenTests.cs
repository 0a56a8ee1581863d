using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// Every case of torch.json (PyTorch 1.13, semantics equal to 2.x) and torch2.json (PyTorch 2.14.1: SequentialLR with a
/// milestone 0, composite first children, SWALR, Adam betas), through its torch.* spec: learning rates (every group) and
/// momentums within the golden README's tolerance, <c>1e-12</c> relative plus <c>1e-15</c> absolute (PyTorch rounds
/// <c>p2-linear-to-zero</c> to -4e-19; this port writes 0).
/// </summary>
public sealed class TorchGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in AllCases())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void There_are_32_cases_of_pytorch_1_13_and_8_of_2_14()
    {
        Load().RootElement.GetProperty("cases").GetArrayLength().Should().Be(32);
        Load("torch2.json").RootElement.GetProperty("cases").GetArrayLength().Should().Be(8);
        AllCases().Select(c => c.GetProperty("name").GetString()).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spec_reproduces_pytorch(string name)
    {
        var c = Case(name);
        var schedule = (IGroupedSchedule)ScheduleSpec.Parse(c.GetProperty("spec").GetRawText());
        int steps = c.GetProperty("steps").GetInt32();
        var expected = c.GetProperty("lrs");
        schedule.GroupCount.Should().Be(expected.GetArrayLength());
        var lrs = new double[steps * schedule.GroupCount];
        bool withMomentum = c.TryGetProperty("momentums", out var expectedMomentums);
        var momentums = new double[withMomentum ? lrs.Length : 0];
        schedule.EvaluateGroups(0, steps, lrs, momentums);
        for (int g = 0; g < schedule.GroupCount; g++)
        {
            for (int k = 0; k < steps; k++)
            {
                AssertClose(lrs[(k * schedule.GroupCount) + g], expected[g][k].GetDouble(), name, g, k);
                if (withMomentum)
                {
                    AssertClose(momentums[(k * schedule.GroupCount) + g], expectedMomentums[g][k].GetDouble(), name + " momentum", g, k);
                }
            }
        }
    }

    internal static JsonDocument Load(string file = "torch.json") => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", file)));

    /// <summary>The cases of torch.json, then those of torch2.json.</summary>
    internal static IEnumerable<JsonElement> AllCases()
        => new[] { "torch.json", "torch2.json" }.SelectMany(f => Load(f).RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList());

    internal static JsonElement Case(string name) => AllCases().Single(x => x.GetProperty("name").GetString() == name);

    internal static void AssertClose(double actual, double expected, string name, int group, int step)
        => Math.Abs(actual - expected).Should().BeLessThanOrEqualTo((1e-12 * Math.Max(Math.Abs(actual), Math.Abs(expected))) + 1e-15, "{0} group {1} step {2}: got {3:R}, PyTorch {4:R}", name, group, step, actual, expected);
}
