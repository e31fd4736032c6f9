namespace Cutout.Core.Tests;
