// Deployment settings of the storefront: edit this file, nothing else needs building.
export default {
  // Where the Tuition API is: "" = the origin that serves these pages (the demo serves them at
  // /storefront/ on the API itself). On another static server, e.g. "http://127.0.0.1:8000".
  apiBase: "",

  // The site (tenant) to show. `?key=pk_…` in any URL overrides it and is remembered in
  // this browser, so one deployment can show every demo site.
  publishableKey: "pk_demo_data_school",

  // Show a discount code field on paid courses (sites with the discounts plugin). Without
  // it the field shows on courses that need an access code and on links with `&code=…`.
  discountCodes: false,

  // Names for the site switcher in the footer (the public API has no tenant name).
  sites: [
    { key: "pk_demo_data_school", name: "Data School" },
    { key: "pk_demo_web_bootcamp", name: "Web Dev Bootcamp" },
    { key: "pk_demo_python_weekend", name: "Python in a Weekend" },
  ],
};
