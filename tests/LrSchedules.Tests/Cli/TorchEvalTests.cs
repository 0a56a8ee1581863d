using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Tests.Torch;
using Xunit;

namespace LrSchedules.Tests.Cli;

/// <summary>Every torch.json and torch2.json case through <c>lrs eval</c>: all groups comma-separated, and momentums with <c>--momentum</c>.</summary>
public sealed class TorchEvalTests
{
    public static TheoryData<string> Cases() => TorchGoldenTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lrs_eval_reproduces_pytorch(string name)
    {
        var c = TorchGoldenTests.Case(name);
        int steps = c.GetProperty("steps").GetInt32();
        var spec = JsonNode.Parse(c.GetProperty("spec").GetRawText())!.AsObject();
        var args = new List<string> { "eval", "--steps", steps.ToString(CultureInfo.InvariantCulture) };
        if (spec.Remove("metrics", out var metrics))
        {
            args.AddRange(["--metrics", string.Join(",", metrics!.AsArray().Select(m => m!.GetValue<double>().ToString("R", CultureInfo.InvariantCulture)))]);
        }

        args.AddRange(["--spec", spec.ToJsonString()]);
        Check(Lrs.Run([.. args]), c.GetProperty("lrs"), name, steps);
        if (c.TryGetProperty("momentums", out var momentums))
        {
            Check(Lrs.Run([.. args, "--momentum"]), momentums, name + " momentum", steps);
        }
    }

    [Fact]
    public void Momentum_of_a_schedule_without_one_is_a_usage_error()
    {
        var result = Lrs.Run("eval", "--steps", "3", "--momentum", "--spec", "{\"type\":\"torch.StepLR\",\"lr\":0.1,\"args\":{\"step_size\":2}}");
        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("--momentum");
    }

    private static void Check(LrsResult result, JsonElement expected, string name, int steps)
    {
        result.ExitCode.Should().Be(0, result.Stderr);
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(steps);
        for (int k = 0; k < steps; k++)
        {
            string[] values = lines[k].Split(',');
            values.Should().HaveCount(expected.GetArrayLength());
            for (int g = 0; g < values.Length; g++)
            {
                TorchGoldenTests.AssertClose(double.Parse(values[g], CultureInfo.InvariantCulture), expected[g][k].GetDouble(), name, g, k);
            }
        }
    }
}
