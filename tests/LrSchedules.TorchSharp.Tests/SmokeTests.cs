using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LrSchedules.TorchSharp.Tests;

public class SmokeTests
{
    [Fact]
    public void Libtorch_loads()
    {
        using var t = ones(3);
        t.sum().item<float>().Should().Be(3f);
    }
}
