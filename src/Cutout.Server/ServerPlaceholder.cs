namespace Cutout.Server;
