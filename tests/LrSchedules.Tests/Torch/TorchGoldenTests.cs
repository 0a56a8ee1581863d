using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>Every case of torch.json, through its torch.* spec: learning rates (every group) and momentums within 1e-12 relative.</summary>
public sealed class TorchGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load().RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void There_are_32_cases() => Cases().Count.Should().Be(32);

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

    internal static JsonDocument Load() => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "torch.json")));

    internal static JsonElement Case(string name)
        => Load().RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name).Clone();

    internal static void AssertClose(double actual, double expected, string name, int group, int step)
        => Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(1e-12 * Math.Max(Math.Abs(actual), Math.Abs(expected)), "{0} group {1} step {2}: got {3:R}, PyTorch {4:R}", name, group, step, actual, expected);
}
