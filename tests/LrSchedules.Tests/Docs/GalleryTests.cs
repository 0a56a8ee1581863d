using System.Text.Json;
using FluentAssertions;
using LrSchedules.Specs;
using LrSchedules.Tests.Golden;
using LrSchedules.Tests.TestSupport;
using Xunit;

namespace LrSchedules.Tests.Docs;

/// <summary>
/// docs/schedules.md and its pictures are what <c>dotnet run eng/gallery.cs</c> generates from docs/schedules/gallery.json,
/// byte for byte, and the gallery shows every schedule family and every compat namespace.
/// </summary>
public sealed class GalleryTests
{
    private static readonly string[] CompatNamespaces = ["hf", "timm", "optax", "keras", "reference", "torch", "deepspeed", "megatron"];

    [Fact]
    public void Committed_gallery_is_what_the_generator_writes()
    {
        var result = ChildProcess.Dotnet(["run", Path.Combine("eng", "gallery.cs"), "--", "--check"], TimeSpan.FromMinutes(5), GoldenData.RepoRoot);

        result.ExitCode.Should().Be(0, "the gallery must be regenerated after a change (dotnet run eng/gallery.cs):\n{0}", result.Output);
    }

    [Fact]
    public void Gallery_has_an_entry_for_every_native_type_and_compat_namespace()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenData.RepoRoot, "docs", "schedules", "gallery.json")));
        var types = manifest.RootElement.GetProperty("entries").EnumerateArray()
            .SelectMany(e => e.GetProperty("specs").EnumerateArray())
            .Select(s => s.GetProperty("spec").GetProperty("type").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

        var native = ScheduleSpec.Types.Select(t => t.Name).Where(n => !n.Contains('.', StringComparison.Ordinal));
        native.Should().OnlyContain(n => types.Contains(n), "every native spec type has a picture");
        foreach (string ns in CompatNamespaces)
        {
            types.Should().Contain(t => t.StartsWith(ns + ".", StringComparison.Ordinal), "the {0}.* namespace has a picture", ns);
        }
    }
}
