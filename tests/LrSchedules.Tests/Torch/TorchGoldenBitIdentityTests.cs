using System.Globalization;
using FluentAssertions;
using LrSchedules.Specs;
using Xunit;
using Xunit.Abstractions;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// Counts the torch.json and torch2.json cases the port reproduces bit for bit (every learning rate of every group and
/// every momentum), not just within the tolerance of <see cref="TorchGoldenTests"/>. docs/pytorch.md quotes the counts.
/// </summary>
public sealed class TorchGoldenBitIdentityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("torch.json", 32, 32)]
    [InlineData("torch2.json", 8, 7)] // p2-linear-to-zero: PyTorch rounds to -4e-19 from step 5 on, the port writes 0.
    public void Bit_identical_case_count_is_as_documented(string file, int expectedTotal, int expectedIdentical)
    {
        int identical = 0, total = 0;
        foreach (var c in TorchGoldenTests.Load(file).RootElement.GetProperty("cases").EnumerateArray())
        {
            total++;
            string name = c.GetProperty("name").GetString()!;
            var schedule = (IGroupedSchedule)ScheduleSpec.Parse(c.GetProperty("spec").GetRawText());
            int steps = c.GetProperty("steps").GetInt32();
            int groups = schedule.GroupCount;
            bool withMomentum = c.TryGetProperty("momentums", out var expectedMomentums);
            var lrs = new double[steps * groups];
            var momentums = new double[withMomentum ? lrs.Length : 0];
            schedule.EvaluateGroups(0, steps, lrs, momentums);

            int differing = 0;
            double worst = 0;
            var expectedLrs = c.GetProperty("lrs");
            for (int g = 0; g < groups; g++)
            {
                for (int k = 0; k < steps; k++)
                {
                    Compare(lrs[(k * groups) + g], expectedLrs[g][k].GetDouble(), ref differing, ref worst);
                    if (withMomentum)
                    {
                        Compare(momentums[(k * groups) + g], expectedMomentums[g][k].GetDouble(), ref differing, ref worst);
                    }
                }
            }

            if (differing == 0)
            {
                identical++;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {(differing == 0 ? "bit-identical" : $"{differing} values differ, worst relative {worst:E2}")}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{identical} of {total} cases bit-identical"));
        total.Should().Be(expectedTotal);
        identical.Should().Be(expectedIdentical, "docs/pytorch.md states this count");
    }

    private static void Compare(double actual, double expected, ref int differing, ref double worst)
    {
        if (BitConverter.DoubleToInt64Bits(actual) != BitConverter.DoubleToInt64Bits(expected))
        {
            differing++;
            worst = Math.Max(worst, Math.Abs(actual - expected) / Math.Max(Math.Abs(actual), Math.Abs(expected)));
        }
    }
}
