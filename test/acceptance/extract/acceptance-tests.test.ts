import { expect, test } from "vitest";
import { buildCorpus } from "./build-corpus.js";
import { readGoPackage } from "./go-package.js";

// A test file in the shape of the provider's (written for this test): locals, a PreCheck, steps with
// a config function call, a constant, checks, an ExpectNonEmptyPlan flag and an import step.
const SOURCE = `package openstack

func TestAccThing_basic(t *testing.T) {
	var thing things.Thing
	name := acctest.RandomWithPrefix("tf-acc")
	resourceName := "openstack_thing_v1.thing_1"

	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() {
			testAccPreCheck(t)
			testAccPreCheckAdminOnly(t)
		},
		ProviderFactories: testAccProviders,
		CheckDestroy:      func(s *terraform.State) error { x, ok := s.Get(); return nil },
		Steps: []resource.TestStep{
			{
				Config: testAccThingBasic(name),
				Check: resource.ComposeTestCheckFunc(
					testAccCheckThingExists(t.Context(), resourceName, &thing),
					resource.TestCheckResourceAttr(resourceName, "name", name),
					resource.TestCheckResourceAttrSet(resourceName, "id"),
					resource.TestCheckResourceAttrPtr(resourceName, "name", &thing.Name),
				),
			},
			{
				Config:             testAccThingUpdate,
				ExpectNonEmptyPlan: true,
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
			},
		},
	})
}

func testAccThingBasic(name string) string {
	return fmt.Sprintf(\`
resource "openstack_thing_v1" "thing_1" {
  name = "%s"
  flavor = "%s"
}
\`, name, osFlavorName)
}

const testAccThingUpdate = \`
resource "openstack_thing_v1" "thing_1" {
  name = "fixed"
}

data "openstack_other_v2" "o" {}
\`
`;

const PROVIDER = 'package openstack\nvar osFlavorName = os.Getenv("OS_FLAVOR_NAME")\n';

test("extracts each step's config with its origin, prechecks, checks and flags", () => {
  const pkg = readGoPackage(
    new Map([
      ["resource_thing_test.go", SOURCE],
      ["provider_test.go", PROVIDER],
    ]),
  );
  const { index, hcl } = buildCorpus({
    pkg,
    testFiles: ["resource_thing_test.go"],
    resourceTypes: ["openstack_thing_v1"],
    dataSources: [],
    facts: { OS_FLAVOR_NAME: "m1.small" },
    license: "L",
    source: "S",
    generatedBy: "G",
  });
  expect(index.configs.map((c) => c.id)).toEqual(["testAccThingBasic", "testAccThingUpdate"]);
  const [basic, update] = index.configs;
  expect(hcl.get("testAccThingBasic.tf")).toMatch(/name = "tf-acc-\d+"\n {2}flavor = "m1.small"/);
  expect(basic.definedIn).toEqual({ file: "openstack/resource_thing_test.go", line: 37 });
  expect(basic.usedBy).toEqual([{ test: "TestAccThing_basic", file: "resource_thing_test.go", line: 16, step: 1 }]);
  expect(basic.env).toEqual(["OS_FLAVOR_NAME"]);
  expect(basic.preChecks).toEqual(["testAccPreCheck", "testAccPreCheckAdminOnly"]);
  const name = /name = "([^"]+)"/.exec(hcl.get("testAccThingBasic.tf")!)![1];
  expect(basic.checks).toEqual([
    { kind: "equals", address: "openstack_thing_v1.thing_1", key: "name", value: name },
    { kind: "set", address: "openstack_thing_v1.thing_1", key: "id" },
  ]);
  expect(basic.uncheckedCount).toBe(1); // the Ptr check reads a Go value at run time
  expect(update).toMatchObject({
    expectNonEmptyPlan: true,
    resourceTypes: ["openstack_thing_v1"],
    dataSources: ["openstack_other_v2"],
  });
  expect(index.tests).toEqual([
    expect.objectContaining({
      name: "TestAccThing_basic",
      steps: [
        expect.objectContaining({ step: 1, config: "testAccThingBasic" }),
        expect.objectContaining({ step: 2, config: "testAccThingUpdate", expectNonEmptyPlan: true }),
        { step: 3, notRun: "import step (no config)" },
      ],
    }),
  ]);
  expect(index.gaps).toEqual([
    {
      test: "TestAccThing_basic",
      file: "resource_thing_test.go",
      line: 29,
      step: 3,
      reason: "import step (no config)",
    },
  ]);
});
