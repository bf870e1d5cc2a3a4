def test_free_enrollment_flow(api, tenant, student):
    course = api.create_course(tenant, "intro")
    listed = api.call("GET", "/v1/courses", headers=student.headers, expect=200).get_json()
    assert [c["enroll_state"] for c in listed["items"]] == ["available"]
    enrolled = api.enroll(tenant, student, course["slug"]).get_json()
    assert enrolled["status"] == "active"
    detail = api.call("GET", "/v1/courses/intro", headers=student.headers, expect=200).get_json()
    assert detail["enroll_state"] == "enrolled"
